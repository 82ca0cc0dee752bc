package dev.gatehouse.auth.keys;

import java.util.Objects;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the key ring on schedule: checks the rotation plan every {@code check-interval} and reloads keys
 * other instances may have created every {@code refresh-interval}.
 */
@Component
final class KeyRotationJob {

	private final KeyRing keys;

	KeyRotationJob(KeyRing keys) {
		this.keys = Objects.requireNonNull(keys, "keys");
	}

	@Scheduled(fixedDelayString = "${gatehouse.keys.check-interval}", initialDelayString = "${gatehouse.keys.check-interval}")
	void rotate() {
		this.keys.rotate();
	}

	@Scheduled(fixedDelayString = "${gatehouse.keys.refresh-interval}",
			initialDelayString = "${gatehouse.keys.refresh-interval}")
	void refresh() {
		this.keys.refresh();
	}

}
