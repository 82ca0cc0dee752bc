package dev.gatehouse.auth.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;

/**
 * The JWS algorithms Gatehouse signs with, each with its key generation and its fastest measured
 * signer and verifier (see {@code bench/}): BouncyCastle's lightweight P-256 for ES256 and Ed25519 for
 * EdDSA, the JDK's RSA for RS256. BouncyCastle is never installed as a JVM-wide provider.
 */
public enum SigningAlgorithm implements JwsAlgorithm {

	/** ECDSA P-256 with SHA-256: the default, small tokens, fast to sign and (with BouncyCastle) to verify. */
	ES256(JWSAlgorithm.ES256) {
		@Override
		JWK generate(String kid) throws GeneralSecurityException {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
				.privateKey((ECPrivateKey) pair.getPrivate())
				.keyID(kid)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.build();
		}

		@Override
		JWSSigner signer(JWK key) {
			return new BouncyCastleP256.Signer(key.toECKey());
		}

		@Override
		JWSVerifier verifier(JWK key) {
			return new BouncyCastleP256.Verifier(key.toECKey());
		}
	},

	/** RSASSA-PKCS1-v1_5 with SHA-256 over a 2048-bit key: for resource servers that understand nothing else. */
	RS256(JWSAlgorithm.RS256) {
		@Override
		JWK generate(String kid) throws GeneralSecurityException {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
				.privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(kid)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.build();
		}

		@Override
		JWSSigner signer(JWK key) throws JOSEException {
			return new RSASSASigner(key.toRSAKey());
		}

		@Override
		JWSVerifier verifier(JWK key) throws JOSEException {
			return new RSASSAVerifier(key.toRSAKey().toPublicJWK());
		}
	},

	/** EdDSA over Ed25519 (RFC 8037): the fastest signer measured here. */
	EdDSA(JWSAlgorithm.EdDSA) {
		@Override
		JWK generate(String kid) {
			Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
			generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
			AsymmetricCipherKeyPair pair = generator.generateKeyPair();
			byte[] x = ((Ed25519PublicKeyParameters) pair.getPublic()).getEncoded();
			byte[] d = ((Ed25519PrivateKeyParameters) pair.getPrivate()).getEncoded();
			try {
				return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d))
					.keyID(kid)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.EdDSA)
					.build();
			}
			finally {
				Arrays.fill(d, (byte) 0);
			}
		}

		@Override
		JWSSigner signer(JWK key) {
			return new BouncyCastleEd25519.Signer(key.toOctetKeyPair());
		}

		@Override
		JWSVerifier verifier(JWK key) {
			return new BouncyCastleEd25519.Verifier(key.toOctetKeyPair());
		}
	};

	private final JWSAlgorithm jws;

	SigningAlgorithm(JWSAlgorithm jws) {
		this.jws = jws;
	}

	/** The algorithm named by a JWS {@code alg} value, or an error naming the supported ones. */
	public static SigningAlgorithm of(String name) {
		for (SigningAlgorithm algorithm : values()) {
			if (algorithm.name().equals(name)) {
				return algorithm;
			}
		}
		throw new IllegalArgumentException(
				"unsupported signing algorithm '" + name + "': use one of " + Arrays.toString(values()));
	}

	@Override
	public String getName() {
		return this.jws.getName();
	}

	JWSAlgorithm jws() {
		return this.jws;
	}

	/** A new key pair as a private JWK whose {@code kid} is derived from a random UUID. */
	JWK generate() {
		try {
			return generate(name().toLowerCase() + "-" + UUID.randomUUID());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(name() + " key generation is unavailable", ex);
		}
	}

	abstract JWK generate(String kid) throws GeneralSecurityException;

	abstract JWSSigner signer(JWK key) throws JOSEException;

	abstract JWSVerifier verifier(JWK key) throws JOSEException;

}
