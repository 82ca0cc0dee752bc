package dev.gatehouse.auth.operations;

import java.util.Objects;

import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.keys.SigningAlgorithm;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code signingKeys}: up when the default algorithm has a current signing key and the JWKS publishes at least
 * one key, so this instance can issue tokens that resource servers can verify. Part of the readiness group.
 */
@Component("signingKeys")
final class SigningKeysHealthIndicator extends AbstractHealthIndicator {

	private final KeyRing keys;

	SigningKeysHealthIndicator(KeyRing keys) {
		super("Signing keys health check failed");
		this.keys = Objects.requireNonNull(keys, "keys");
	}

	@Override
	protected void doHealthCheck(Health.Builder health) {
		SigningAlgorithm algorithm = this.keys.algorithmFor(null);
		try {
			health.withDetail("signing", this.keys.signingKey(algorithm).keyId());
		}
		catch (IllegalStateException noKey) {
			health.down().withDetail("reason", "no current " + algorithm + " signing key");
			return;
		}
		int published = this.keys.publishedKeys().size();
		if (published == 0) {
			health.down().withDetail("reason", "the JWKS publishes no key");
			return;
		}
		health.up().withDetail("published", published);
	}

}
