package dev.gatehouse.auth.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.metrics.*}: how the metrics stay bounded.
 *
 * @param clientTagLimit how many distinct client ids get their own tag on the per-client counters; later
 * clients are counted as {@code other} (default 50)
 */
@ConfigurationProperties("gatehouse.metrics")
public record MetricsProperties(@DefaultValue("50") int clientTagLimit) {

	public MetricsProperties {
		if (clientTagLimit < 0 || clientTagLimit > 10_000) {
			throw new IllegalArgumentException("gatehouse.metrics.client-tag-limit must be between 0 and 10000");
		}
	}

}
