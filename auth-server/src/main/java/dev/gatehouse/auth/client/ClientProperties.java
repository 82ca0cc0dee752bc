package dev.gatehouse.auth.client;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client registry settings ({@code gatehouse.client.*}).
 *
 * @param defaultAccessTokenLifetime lifetime of access tokens for clients without their own override
 * @param cacheTtl how long a loaded client is reused before it is read again (0 disables the cache); a client
 * disabled or given a new secret on another instance is seen here within this time (500 ms: well within a
 * second, for one query per busy client twice a second)
 * @param defaultRefreshTokenIdle a refresh token unused for this long expires, unless the client sets its own
 * @param defaultRefreshTokenAbsolute no refresh token lives longer than this after the sign-in it stems from,
 * unless the client sets its own
 */
@ConfigurationProperties("gatehouse.client")
public record ClientProperties(@DefaultValue("5m") Duration defaultAccessTokenLifetime,
		@DefaultValue("500ms") Duration cacheTtl, @DefaultValue("7d") Duration defaultRefreshTokenIdle,
		@DefaultValue("30d") Duration defaultRefreshTokenAbsolute) {

	public ClientProperties {
		if (defaultAccessTokenLifetime.isNegative() || defaultAccessTokenLifetime.isZero()) {
			throw new IllegalArgumentException("gatehouse.client.default-access-token-lifetime must be positive");
		}
		// validated as a pair: idle positive, absolute at least idle
		new Client.RefreshTokenLifetimes(defaultRefreshTokenIdle, defaultRefreshTokenAbsolute);
		if (cacheTtl.isNegative()) {
			throw new IllegalArgumentException("gatehouse.client.cache-ttl must not be negative");
		}
	}

}
