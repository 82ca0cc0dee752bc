package dev.gatehouse.auth.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings ({@code gatehouse.token.*}).
 *
 * @param denylistPurgeInterval how often denylist entries of tokens that have expired anyway are purged
 */
@ConfigurationProperties("gatehouse.token")
public record TokenProperties(@DefaultValue("1m") Duration denylistPurgeInterval) {

	public TokenProperties {
		if (denylistPurgeInterval.isNegative() || denylistPurgeInterval.isZero()) {
			throw new IllegalArgumentException("gatehouse.token.denylist-purge-interval must be positive");
		}
	}

}
