package dev.gatehouse.auth.keys;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A signing key row: public part in the clear, private part encrypted.
 *
 * @param keyId its {@code kid}
 * @param algorithm its algorithm
 * @param publicJwk the public JWK as JSON
 * @param encryptedPrivateJwk the private JWK, AES-GCM encrypted under the key-encryption key
 * @param createdAt when it was made
 * @param activatesAt when it starts signing (published from {@code createdAt} on)
 * @param revokedAt when it was revoked, or {@code null}
 */
record StoredKey(String keyId, SigningAlgorithm algorithm, String publicJwk, String encryptedPrivateJwk,
		Instant createdAt, Instant activatesAt, Instant revokedAt) {

	StoredKey {
		Objects.requireNonNull(keyId, "keyId");
		Objects.requireNonNull(algorithm, "algorithm");
		Objects.requireNonNull(publicJwk, "publicJwk");
		Objects.requireNonNull(encryptedPrivateJwk, "encryptedPrivateJwk");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(activatesAt, "activatesAt");
		// databases keep microseconds at best and may round up: a key activating "now" must not land in the future
		createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
		activatesAt = activatesAt.truncatedTo(ChronoUnit.MILLIS);
		revokedAt = (revokedAt != null) ? revokedAt.truncatedTo(ChronoUnit.MILLIS) : null;
	}

	boolean revoked() {
		return this.revokedAt != null;
	}

	/** Revoked before it ever signed: it supersedes no key (the key before it keeps signing). */
	boolean withdrawnBeforeActivation() {
		return this.revokedAt != null && this.revokedAt.isBefore(this.activatesAt);
	}

	@Override
	public String toString() {
		return "StoredKey[" + this.keyId + ", " + this.algorithm + ", activatesAt=" + this.activatesAt + ", revokedAt="
				+ this.revokedAt + "]";
	}

}
