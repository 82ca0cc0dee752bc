package dev.gatehouse.auth.keys;

import java.time.Instant;

/**
 * What an operator sees of a signing key: never its private part.
 *
 * @param keyId its {@code kid}
 * @param algorithm its algorithm
 * @param state its lifecycle state now
 * @param createdAt when it was made (and published)
 * @param activatesAt when it starts (or started) signing
 * @param retiresAt when a retired key leaves the JWKS, else {@code null}
 * @param revokedAt when it was revoked, else {@code null}
 */
public record KeyView(String keyId, SigningAlgorithm algorithm, KeyState state, Instant createdAt,
		Instant activatesAt, Instant retiresAt, Instant revokedAt) {
}
