package dev.gatehouse.auth.client;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client registry settings ({@code gatehouse.client.*}).
 *
 * @param defaultAccessTokenLifetime lifetime of access tokens for clients without their own override
 * @param cacheTtl how long a loaded client is reused before it is read again (0 disables the cache); a client
 * disabled on another instance stops working here within this time
 */
@ConfigurationProperties("gatehouse.client")
public record ClientProperties(@DefaultValue("5m") Duration defaultAccessTokenLifetime,
		@DefaultValue("1s") Duration cacheTtl) {

	public ClientProperties {
		if (defaultAccessTokenLifetime.isNegative() || defaultAccessTokenLifetime.isZero()) {
			throw new IllegalArgumentException("gatehouse.client.default-access-token-lifetime must be positive");
		}
		if (cacheTtl.isNegative()) {
			throw new IllegalArgumentException("gatehouse.client.cache-ttl must not be negative");
		}
	}

}
