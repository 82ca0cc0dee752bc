package dev.gatehouse.demo.boundary;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * EdDSA (Ed25519, RFC 8037) for Nimbus' JWT processor, which selects keys as {@code java.security} keys and
 * skips Ed25519 JWKs: the key selector turns them into the JDK's own Ed25519 keys (Java 15+), and the
 * verifier factory checks EdDSA signatures with the JDK. Other algorithms go to Nimbus unchanged.
 */
final class Ed25519Verification {

	/** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (OID 1.3.101.112), before the 32-byte key. */
	private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private Ed25519Verification() {
	}

	/** Selects Ed25519 keys for EdDSA tokens itself, anything else through {@code delegate}. */
	static JWSKeySelector<SecurityContext> keySelector(JWKSource<SecurityContext> source,
			JWSKeySelector<SecurityContext> delegate) {
		return (header, context) -> {
			if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
				return delegate.selectJWSKeys(header, context);
			}
			List<Key> keys = new ArrayList<>();
			for (JWK jwk : source.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context)) {
				if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
					keys.add(toPublicKey(okp.getX()));
				}
			}
			return keys;
		};
	}

	/** Verifies EdDSA with the JDK, anything else with Nimbus' default factory. */
	static JWSVerifierFactory verifierFactory() {
		DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();
		return new JWSVerifierFactory() {
			@Override
			public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
				if (JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && key instanceof EdECPublicKey publicKey) {
					return new JdkVerifier(publicKey);
				}
				return nimbus.createJWSVerifier(header, key);
			}

			@Override
			public Set<JWSAlgorithm> supportedJWSAlgorithms() {
				Set<JWSAlgorithm> all = new java.util.HashSet<>(nimbus.supportedJWSAlgorithms());
				all.add(JWSAlgorithm.EdDSA);
				return all;
			}

			@Override
			public JCAContext getJCAContext() {
				return nimbus.getJCAContext();
			}
		};
	}

	private static PublicKey toPublicKey(Base64URL x) {
		byte[] raw = x.decode();
		byte[] der = new byte[SPKI_PREFIX.length + raw.length];
		System.arraycopy(SPKI_PREFIX, 0, der, 0, SPKI_PREFIX.length);
		System.arraycopy(raw, 0, der, SPKI_PREFIX.length, raw.length);
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 public key", ex);
		}
	}

	private static final class JdkVerifier implements JWSVerifier {

		private final PublicKey key;

		private final JCAContext jca = new JCAContext();

		JdkVerifier(PublicKey key) {
			this.key = key;
		}

		@Override
		public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
			try {
				Signature verifier = Signature.getInstance("Ed25519");
				verifier.initVerify(this.key);
				verifier.update(signingInput);
				return verifier.verify(signature.decode());
			}
			catch (GeneralSecurityException ex) {
				return false;
			}
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return Set.of(JWSAlgorithm.EdDSA);
		}

		@Override
		public JCAContext getJCAContext() {
			return this.jca;
		}

	}

}
