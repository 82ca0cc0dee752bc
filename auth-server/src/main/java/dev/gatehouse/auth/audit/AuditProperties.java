package dev.gatehouse.auth.audit;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit settings ({@code gatehouse.audit.*}).
 *
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-For} is believed; from anyone
 * else the socket's address is the origin IP (a client cannot choose the IP it is recorded under)
 * @param retention how long audit events are kept before the purge deletes them
 * @param purgeInterval how often the purge runs
 */
@ConfigurationProperties("gatehouse.audit")
public record AuditProperties(@DefaultValue("") List<String> trustedProxies, @DefaultValue("90d") Duration retention,
		@DefaultValue("1h") Duration purgeInterval) {

	public AuditProperties {
		trustedProxies = trustedProxies.stream().map(String::trim).filter((proxy) -> !proxy.isEmpty()).toList();
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("gatehouse.audit.retention must be positive");
		}
		if (purgeInterval.isNegative() || purgeInterval.isZero()) {
			throw new IllegalArgumentException("gatehouse.audit.purge-interval must be positive");
		}
	}

}
