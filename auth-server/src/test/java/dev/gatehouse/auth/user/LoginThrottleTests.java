package dev.gatehouse.auth.user;

import java.time.Duration;
import java.time.Instant;

import dev.gatehouse.auth.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttling on a hand-driven clock.
 */
class LoginThrottleTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));

	private final LoginThrottle throttle = new LoginThrottle(this.clock);

	@Test
	void usernameIsBlockedAfterTheLimitUntilTheWindowEnds() {
		for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_USERNAME - 1; i++) {
			this.throttle.failed("alice", "10.0.0." + i);
		}
		assertThat(this.throttle.retryAfter("alice", "10.0.0.99")).isZero();

		this.throttle.failed("alice", "10.0.0.50");

		assertThat(this.throttle.retryAfter("alice", "10.0.0.99")).isEqualTo(LoginThrottle.WINDOW);
		assertThat(this.throttle.retryAfter("ALICE", "10.0.0.99")).as("case does not escape the limit")
			.isEqualTo(LoginThrottle.WINDOW);
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.throttle.retryAfter("alice", "10.0.0.99")).isEqualTo(Duration.ofMinutes(5));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.throttle.retryAfter("alice", "10.0.0.99")).isZero();
	}

	@Test
	void addressIsBlockedAfterTheLimitAcrossUsernames() {
		for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_ADDRESS; i++) {
			this.throttle.failed("user-" + i, "192.0.2.7");
		}

		assertThat(this.throttle.retryAfter("someone-else", "192.0.2.7")).isPositive();
		assertThat(this.throttle.retryAfter("someone-else", "192.0.2.8")).isZero();
	}

	@Test
	void attemptsAreCountedBeforeTheyAreCheckedSoNoneSlipPastTheLimit() {
		for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_USERNAME; i++) {
			assertThat(this.throttle.attempt("carol", "10.0.0.1")).isZero();
		}

		assertThat(this.throttle.attempt("carol", "10.0.0.1")).isPositive();
	}

	@Test
	void spacesAndCaseDoNotMakeAnotherUsername() {
		for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_USERNAME; i++) {
			this.throttle.failed((i % 2 == 0) ? " dave" : "DAVE ", "10.0.0." + i);
		}

		assertThat(this.throttle.retryAfter("dave", "10.0.0.99")).isPositive();
		assertThat(LoginThrottle.key("x".repeat(5000))).hasSizeLessThan(100);
	}

	@Test
	void successClearsTheUsernameCount() {
		for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_USERNAME - 1; i++) {
			this.throttle.failed("bob", "10.0.0.1");
		}

		this.throttle.succeeded("bob", "10.0.0.1");
		this.throttle.failed("bob", "10.0.0.1");

		assertThat(this.throttle.retryAfter("bob", "10.0.0.2")).isZero();
	}

}
