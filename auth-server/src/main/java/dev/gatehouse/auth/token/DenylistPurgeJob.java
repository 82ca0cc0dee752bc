package dev.gatehouse.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.gatehouse.auth.cluster.ClusterJobs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges denylist entries of tokens that have expired anyway, in batches, so the table stays as small as
 * the set of revoked-but-still-unexpired tokens. Once per interval for the cluster, not per instance.
 */
@Component
final class DenylistPurgeJob {

	private static final Log logger = LogFactory.getLog(DenylistPurgeJob.class);

	private static final int BATCH_SIZE = 1000;

	private final JdbcAccessTokenDenylist denylist;

	private final Clock clock;

	private final ClusterJobs cluster;

	private final Duration interval;

	DenylistPurgeJob(JdbcAccessTokenDenylist denylist, Clock clock, ClusterJobs cluster, TokenProperties properties) {
		this.cluster = Objects.requireNonNull(cluster, "cluster");
		this.interval = properties.denylistPurgeInterval();
		this.denylist = Objects.requireNonNull(denylist, "denylist");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Scheduled(fixedDelayString = "${gatehouse.token.denylist-purge-interval}",
			initialDelayString = "${gatehouse.token.denylist-purge-interval}")
	void scheduled() {
		this.cluster.runIfDue("denylist-purge", this.interval, this::purge);
	}

	void purge() {
		int total = 0;
		int purged;
		do {
			purged = this.denylist.purgeExpired(this.clock.instant(), BATCH_SIZE);
			total += purged;
		}
		while (purged == BATCH_SIZE);
		if (total > 0) {
			logger.debug("Purged " + total + " expired denylist entries");
		}
	}

}
