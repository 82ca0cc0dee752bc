package dev.gatehouse.auth.keys;

import java.util.Objects;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * The public identity of the key that signs new tokens.
 *
 * @param keyId its {@code kid} (the RFC 7638 thumbprint)
 * @param algorithm its JWS algorithm
 */
public record SigningKey(String keyId, SignatureAlgorithm algorithm) {

	public SigningKey {
		Objects.requireNonNull(keyId, "keyId");
		Objects.requireNonNull(algorithm, "algorithm");
	}

}
