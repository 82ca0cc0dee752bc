package dev.gatehouse.auth.keys;

import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * EdDSA (Ed25519, RFC 8037) JWS signing and verification with BouncyCastle's lightweight API, so Ed25519
 * needs neither a JVM-wide provider nor another crypto library.
 */
final class BouncyCastleEd25519 {

	private static final Set<JWSAlgorithm> EDDSA = Set.of(JWSAlgorithm.EdDSA);

	private BouncyCastleEd25519() {
	}

	static final class Signer implements com.nimbusds.jose.JWSSigner {

		private final Ed25519PrivateKeyParameters privateKey;

		private final JCAContext jca = new JCAContext();

		Signer(OctetKeyPair key) {
			if (!Curve.Ed25519.equals(key.getCurve()) || !key.isPrivate()) {
				throw new IllegalArgumentException("an Ed25519 private key is required");
			}
			this.privateKey = new Ed25519PrivateKeyParameters(key.getDecodedD(), 0);
		}

		@Override
		public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
			if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
				throw new JOSEException("Ed25519 keys sign EdDSA only");
			}
			org.bouncycastle.crypto.signers.Ed25519Signer signer = new org.bouncycastle.crypto.signers.Ed25519Signer();
			signer.init(true, this.privateKey);
			signer.update(signingInput, 0, signingInput.length);
			return Base64URL.encode(signer.generateSignature());
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return EDDSA;
		}

		@Override
		public JCAContext getJCAContext() {
			return this.jca;
		}

	}

	static final class Verifier implements com.nimbusds.jose.JWSVerifier {

		private final Ed25519PublicKeyParameters publicKey;

		private final JCAContext jca = new JCAContext();

		Verifier(OctetKeyPair key) {
			if (!Curve.Ed25519.equals(key.getCurve())) {
				throw new IllegalArgumentException("an Ed25519 public key is required");
			}
			this.publicKey = new Ed25519PublicKeyParameters(key.getDecodedX(), 0);
		}

		@Override
		public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
			if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
				return false;
			}
			byte[] bytes = signature.decode();
			if (bytes.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
				return false;
			}
			org.bouncycastle.crypto.signers.Ed25519Signer verifier = new org.bouncycastle.crypto.signers.Ed25519Signer();
			verifier.init(false, this.publicKey);
			verifier.update(signingInput, 0, signingInput.length);
			return verifier.verifySignature(bytes);
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return EDDSA;
		}

		@Override
		public JCAContext getJCAContext() {
			return this.jca;
		}

	}

}
