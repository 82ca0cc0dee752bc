package dev.gatehouse.auth.client;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client registry settings ({@code gatehouse.client.*}).
 *
 * @param defaultAccessTokenLifetime lifetime of access tokens for clients without their own override
 */
@ConfigurationProperties("gatehouse.client")
public record ClientProperties(@DefaultValue("5m") Duration defaultAccessTokenLifetime) {

	public ClientProperties {
		if (defaultAccessTokenLifetime.isNegative() || defaultAccessTokenLifetime.isZero()) {
			throw new IllegalArgumentException("gatehouse.client.default-access-token-lifetime must be positive");
		}
	}

}
