package dev.gatehouse.auth.keys;

import java.util.Date;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each algorithm's signer produces signatures that Nimbus' own verifiers (JDK, and Tink for Ed25519)
 * accept, and each of our verifiers rejects a tampered token.
 */
class SigningAlgorithmTests {

	@ParameterizedTest(name = "{0}")
	@EnumSource(SigningAlgorithm.class)
	void signatureVerifiesWithNimbusOwnVerifier(SigningAlgorithm algorithm) throws Exception {
		JWK key = algorithm.generate();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm.jws()).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().subject("s").expirationTime(new Date()).build());

		jwt.sign(algorithm.signer(key));

		JWK publicKey = key.toPublicJWK();
		assertThat(publicKey.isPrivate()).isFalse();
		SignedJWT parsed = SignedJWT.parse(jwt.serialize());
		JWSVerifier nimbus = switch (algorithm) {
			case ES256 -> new ECDSAVerifier(publicKey.toECKey());
			case RS256 -> new RSASSAVerifier(publicKey.toRSAKey());
			case EdDSA -> new Ed25519Verifier(publicKey.toOctetKeyPair());
		};
		assertThat(parsed.verify(nimbus)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(SigningAlgorithm.class)
	void ourVerifierAcceptsOursAndRejectsTampering(SigningAlgorithm algorithm) throws Exception {
		JWK key = algorithm.generate();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm.jws()).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().subject("alice").build());
		jwt.sign(algorithm.signer(key));
		String[] parts = jwt.serialize().split("\\.");
		String tampered = parts[0] + "." + new JWTClaimsSet.Builder().subject("mallory").build().toPayload().toBase64URL()
				+ "." + parts[2];

		assertThat(SignedJWT.parse(jwt.serialize()).verify(algorithm.verifier(key.toPublicJWK()))).isTrue();
		assertThat(SignedJWT.parse(tampered).verify(algorithm.verifier(key.toPublicJWK()))).isFalse();
	}

}
