package dev.gatehouse.auth.keys;

import java.time.Duration;
import java.util.Objects;

import dev.gatehouse.auth.cluster.ClusterJobs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the key ring on schedule: checks the rotation plan every {@code check-interval} (one instance of
 * the cluster does, the others find its keys) and reloads keys other instances may have created or revoked
 * every {@code refresh-interval}.
 */
@Component
final class KeyRotationJob {

	private static final Log logger = LogFactory.getLog(KeyRotationJob.class);

	private final KeyRing keys;

	private final ClusterJobs cluster;

	private final Duration checkInterval;

	KeyRotationJob(KeyRing keys, ClusterJobs cluster, KeyProperties properties) {
		this.keys = Objects.requireNonNull(keys, "keys");
		this.cluster = Objects.requireNonNull(cluster, "cluster");
		this.checkInterval = properties.checkInterval();
	}

	@Scheduled(fixedDelayString = "${gatehouse.keys.check-interval}", initialDelayString = "${gatehouse.keys.check-interval}")
	void rotate() {
		this.cluster.runIfDue(KeyRing.ROTATION_JOB, this.checkInterval, this.keys::rotate);
	}

	@Scheduled(fixedDelayString = "${gatehouse.keys.refresh-interval}",
			initialDelayString = "${gatehouse.keys.refresh-interval}")
	void refresh() {
		try {
			this.keys.refresh();
		}
		catch (DataAccessException ex) {
			// the keys already loaded keep signing; one line per attempt rather than a stack trace every 10 s
			logger.warn("Could not reload the signing keys, the database is unavailable (" + ex.getClass().getSimpleName()
					+ ")");
		}
	}

}
