package dev.gatehouse.auth.audit;

import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.auth.cluster.ClusterJobs;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.Scheduled;

/** The request origin filter (right after request decoding, ahead of every chain) and the retention purge. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	private static final Log logger = LogFactory.getLog(AuditConfiguration.class);

	static final int PURGE_BATCH = 1000;

	@Bean
	FilterRegistrationBean<RequestOriginFilter> requestOriginFilter(AuditProperties properties) {
		FilterRegistrationBean<RequestOriginFilter> registration = new FilterRegistrationBean<>(
				new RequestOriginFilter(properties.trustedProxies()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * The group commit writer, on connections opened straight from the driver: requests waiting for their
	 * audit rows hold pool connections, so the writer must never queue for one. It gets the pool's driver
	 * settings, the socket timeout among them: without it, a database that stops answering holds the writer
	 * on its insert until the operating system gives up on the connection (many minutes on a partition), and
	 * every token request waiting for an audit row meanwhile is answered 503, even once a failover has put a
	 * working database behind the same address.
	 */
	@Bean
	GroupCommitAuditWriter groupCommitAuditWriter(DataSourceProperties dataSource, DataSource pool,
			MeterRegistry metrics) throws SQLException {
		SimpleDriverDataSource direct = dataSource.initializeDataSourceBuilder()
			.type(SimpleDriverDataSource.class)
			.build();
		if (pool.isWrapperFor(HikariDataSource.class)) {
			direct.setConnectionProperties(pool.unwrap(HikariDataSource.class).getDataSourceProperties());
		}
		return new GroupCommitAuditWriter(direct, metrics);
	}

	@Bean
	AuditPurge auditPurge(JdbcAuditLog log, Clock clock, AuditProperties properties, ClusterJobs cluster) {
		return new AuditPurge(log, clock, properties, cluster);
	}

	/** Deletes events older than the retention, in batches; once per interval for the cluster. */
	static final class AuditPurge {

		private final JdbcAuditLog log;

		private final Clock clock;

		private final AuditProperties properties;

		private final ClusterJobs cluster;

		AuditPurge(JdbcAuditLog log, Clock clock, AuditProperties properties, ClusterJobs cluster) {
			this.cluster = cluster;
			this.log = log;
			this.clock = clock;
			this.properties = properties;
		}

		@Scheduled(fixedDelayString = "${gatehouse.audit.purge-interval:1h}",
				initialDelayString = "${gatehouse.audit.purge-interval:1h}")
		void scheduled() {
			this.cluster.runIfDue("audit-purge", this.properties.purgeInterval(), this::purge);
		}

		int purge() {
			int total = 0;
			int purged;
			do {
				purged = this.log.purgeOlderThan(this.clock.instant().minus(this.properties.retention()), PURGE_BATCH);
				total += purged;
			}
			while (purged == PURGE_BATCH);
			if (total > 0) {
				logger.debug("Purged " + total + " audit events past the retention");
			}
			return total;
		}

	}

}
