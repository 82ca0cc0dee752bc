package dev.gatehouse.auth.token;

import java.time.Clock;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges denylist entries of tokens that have expired anyway, in batches, so the table stays as small as
 * the set of revoked-but-still-unexpired tokens.
 */
@Component
final class DenylistPurgeJob {

	private static final Log logger = LogFactory.getLog(DenylistPurgeJob.class);

	private static final int BATCH_SIZE = 1000;

	private final JdbcAccessTokenDenylist denylist;

	private final Clock clock;

	DenylistPurgeJob(JdbcAccessTokenDenylist denylist, Clock clock) {
		this.denylist = Objects.requireNonNull(denylist, "denylist");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Scheduled(fixedDelayString = "${gatehouse.token.denylist-purge-interval}", initialDelay = 10_000)
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
