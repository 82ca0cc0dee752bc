package dev.gatehouse.auth.keys;

import java.time.Duration;
import java.util.Objects;

import dev.gatehouse.auth.cluster.ClusterJobs;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the key ring on schedule: checks the rotation plan every {@code check-interval} (one instance of
 * the cluster does, the others find its keys) and reloads keys other instances may have created or revoked
 * every {@code refresh-interval}.
 */
@Component
final class KeyRotationJob {

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
		this.keys.refresh();
	}

}
