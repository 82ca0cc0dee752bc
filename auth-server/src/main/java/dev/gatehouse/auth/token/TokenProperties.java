package dev.gatehouse.auth.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings ({@code gatehouse.token.*}).
 *
 * @param denylistPurgeInterval how often denylist entries of tokens that have expired anyway are purged
 * @param refreshReuseGrace how long after a rotation the same refresh token may be presented again without
 * counting as reuse (for a client that lost the response); its unused successor is then replaced. Off (0) by
 * default: every second use revokes the family
 * @param grantPurgeInterval how often ended grants, expired refresh tokens and expired access token records
 * are purged
 * @param grantRetention how long revoked or ended grants are kept (for reuse detection and investigation)
 * before the purge deletes them
 */
@ConfigurationProperties("gatehouse.token")
public record TokenProperties(@DefaultValue("1m") Duration denylistPurgeInterval,
		@DefaultValue("0s") Duration refreshReuseGrace, @DefaultValue("10m") Duration grantPurgeInterval,
		@DefaultValue("7d") Duration grantRetention) {

	public TokenProperties {
		if (denylistPurgeInterval.isNegative() || denylistPurgeInterval.isZero()) {
			throw new IllegalArgumentException("gatehouse.token.denylist-purge-interval must be positive");
		}
		if (refreshReuseGrace.isNegative() || refreshReuseGrace.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException("gatehouse.token.refresh-reuse-grace must be between 0 and 1m");
		}
		if (grantPurgeInterval.isNegative() || grantPurgeInterval.isZero()) {
			throw new IllegalArgumentException("gatehouse.token.grant-purge-interval must be positive");
		}
		if (grantRetention.isNegative()) {
			throw new IllegalArgumentException("gatehouse.token.grant-retention must not be negative");
		}
	}

}
