package dev.gatehouse.auth.keys;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 (ECDSA over P-256 with SHA-256) with BouncyCastle's lightweight API on its optimised P-256 curve.
 * Going through a JCA provider converts the key to a fresh curve object on every signature and so
 * recomputes the generator's precomputation table each time (found with JFR: 40% of token endpoint CPU);
 * here the domain parameters are shared and the table is built once. Nonces are deterministic (RFC 6979),
 * so signing needs no random numbers.
 */
final class BouncyCastleP256 {

	private static final ECDomainParameters P256;

	static {
		X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
		P256 = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH(), curve.getSeed());
	}

	private static final Set<JWSAlgorithm> ES256 = Set.of(JWSAlgorithm.ES256);

	private static final int COORDINATE_BYTES = 32;

	private BouncyCastleP256() {
	}

	private static byte[] sha256(byte[] input) {
		SHA256Digest digest = new SHA256Digest();
		digest.update(input, 0, input.length);
		byte[] hash = new byte[digest.getDigestSize()];
		digest.doFinal(hash, 0);
		return hash;
	}

	private static void requireP256(ECKey key) {
		if (!Curve.P_256.equals(key.getCurve())) {
			throw new IllegalArgumentException("a P-256 key is required");
		}
	}

	static final class Signer implements com.nimbusds.jose.JWSSigner {

		private final ECPrivateKeyParameters privateKey;

		private final JCAContext jca = new JCAContext();

		Signer(ECKey key) {
			requireP256(key);
			if (!key.isPrivate()) {
				throw new IllegalArgumentException("a private key is required");
			}
			this.privateKey = new ECPrivateKeyParameters(key.getD().decodeToBigInteger(), P256);
		}

		@Override
		public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
			if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
				throw new JOSEException("P-256 keys sign ES256 only");
			}
			ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
			signer.init(true, this.privateKey);
			BigInteger[] rs = signer.generateSignature(sha256(signingInput));
			// RFC 7518 §3.4: the JWS signature is R || S, each as a 32-octet big-endian integer
			byte[] signature = new byte[2 * COORDINATE_BYTES];
			BigIntegers.asUnsignedByteArray(rs[0], signature, 0, COORDINATE_BYTES);
			BigIntegers.asUnsignedByteArray(rs[1], signature, COORDINATE_BYTES, COORDINATE_BYTES);
			return Base64URL.encode(signature);
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return ES256;
		}

		@Override
		public JCAContext getJCAContext() {
			return this.jca;
		}

	}

	static final class Verifier implements com.nimbusds.jose.JWSVerifier {

		private final ECPublicKeyParameters publicKey;

		private final JCAContext jca = new JCAContext();

		Verifier(ECKey key) {
			requireP256(key);
			this.publicKey = new ECPublicKeyParameters(
					P256.getCurve().validatePoint(key.getX().decodeToBigInteger(), key.getY().decodeToBigInteger()),
					P256);
		}

		@Override
		public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
			if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
				return false;
			}
			byte[] bytes = signature.decode();
			if (bytes.length != 2 * COORDINATE_BYTES) {
				return false;
			}
			BigInteger r = new BigInteger(1, Arrays.copyOfRange(bytes, 0, COORDINATE_BYTES));
			BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, COORDINATE_BYTES, bytes.length));
			ECDSASigner verifier = new ECDSASigner();
			verifier.init(false, this.publicKey);
			return verifier.verifySignature(sha256(signingInput), r, s);
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return ES256;
		}

		@Override
		public JCAContext getJCAContext() {
			return this.jca;
		}

	}

}
