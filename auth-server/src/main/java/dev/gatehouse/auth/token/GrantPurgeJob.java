package dev.gatehouse.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.IntSupplier;

import dev.gatehouse.auth.cluster.ClusterJobs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the grant tables as small as the live grants: deletes, in batches, grants never exchanged (abandoned
 * consents, expired codes) after an hour, revoked or ended grants after {@code gatehouse.token.grant-retention},
 * refresh tokens expired that long ago, and records of minted access tokens once they expired. Once per
 * interval for the cluster, not per instance.
 */
@Component
final class GrantPurgeJob {

	private static final Log logger = LogFactory.getLog(GrantPurgeJob.class);

	static final int BATCH_SIZE = 1000;

	/** Codes live a minute and consents ten; an hour later nothing can come of an unexchanged grant. */
	private static final Duration UNEXCHANGED_RETENTION = Duration.ofHours(1);

	private final JdbcGrantStore store;

	private final Clock clock;

	private final Duration retention;

	private final ClusterJobs cluster;

	private final Duration interval;

	GrantPurgeJob(JdbcGrantStore store, Clock clock, TokenProperties properties, ClusterJobs cluster) {
		this.cluster = Objects.requireNonNull(cluster, "cluster");
		this.interval = properties.grantPurgeInterval();
		this.store = Objects.requireNonNull(store, "store");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.retention = properties.grantRetention();
	}

	@Scheduled(fixedDelayString = "${gatehouse.token.grant-purge-interval:10m}",
			initialDelayString = "${gatehouse.token.grant-purge-interval:10m}")
	void scheduled() {
		this.cluster.runIfDue("grant-purge", this.interval, this::purge);
	}

	int purge() {
		Instant now = this.clock.instant();
		int grants = inBatches(() -> this.store.purgeGrants(now.minus(UNEXCHANGED_RETENTION), now.minus(this.retention),
				BATCH_SIZE));
		int refreshTokens = inBatches(() -> this.store.purgeRefreshTokens(now.minus(this.retention), BATCH_SIZE));
		int accessTokens = inBatches(() -> this.store.purgeAccessTokens(now, BATCH_SIZE));
		int total = grants + refreshTokens + accessTokens;
		if (total > 0) {
			logger.debug("Purged " + grants + " grants, " + refreshTokens + " refresh tokens and " + accessTokens
					+ " access token records");
		}
		return total;
	}

	private static int inBatches(IntSupplier batch) {
		int total = 0;
		int purged;
		do {
			purged = batch.getAsInt();
			total += purged;
		}
		while (purged == BATCH_SIZE);
		return total;
	}

}
