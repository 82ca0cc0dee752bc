package dev.gatehouse.auth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The system clock moved by an offset tests set: the server runs on real time until a test jumps ahead to
 * check an expiry, and {@link #reset()} puts it back for the next test.
 */
public final class ShiftedClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	public void shift(Duration duration) {
		this.offset = this.offset.plus(duration);
	}

	public void reset() {
		this.offset = Duration.ZERO;
	}

	/** Replaces the application clock with a shifted one, so tests can move the server's time. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		ShiftedClock shiftedClock() {
			return new ShiftedClock();
		}

	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
