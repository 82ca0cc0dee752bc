package dev.gatehouse.auth.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Limits sign-in attempts per username and per client IP within a window (15 minutes): past the limit,
 * attempts are refused with 429 until the window that began with the first failure ends. An attempt is
 * counted before the password is checked (so parallel attempts cannot slip past the limit) and taken back
 * when it succeeds. Usernames are counted as the sign-in checks them: trimmed, case-insensitive. Counted in
 * memory, per instance.
 */
@Component
public final class LoginThrottle {

	static final Duration WINDOW = Duration.ofMinutes(15);

	static final int MAX_FAILURES_PER_USERNAME = 5;

	static final int MAX_FAILURES_PER_ADDRESS = 20;

	private static final int TRACKED_LIMIT = 100_000;

	private final Map<String, Failures> byUsername = new ConcurrentHashMap<>();

	private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

	private final Clock clock;

	public LoginThrottle(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** How long the caller must wait before trying again, or {@link Duration#ZERO} when it may try now. */
	public Duration retryAfter(String username, String address) {
		Instant now = this.clock.instant();
		Duration user = wait(this.byUsername.get(key(username)), MAX_FAILURES_PER_USERNAME, now);
		Duration ip = wait(this.byAddress.get(address), MAX_FAILURES_PER_ADDRESS, now);
		return (user.compareTo(ip) >= 0) ? user : ip;
	}

	/**
	 * Reserves one attempt: counts it, unless the username or the address is already over its limit.
	 * Returns how long to wait ({@link Duration#ZERO} when the attempt may go ahead).
	 */
	public synchronized Duration attempt(String username, String address) {
		Duration wait = retryAfter(username, address);
		if (wait.isZero()) {
			failed(username, address);
		}
		return wait;
	}

	public void failed(String username, String address) {
		Instant now = this.clock.instant();
		if (this.byUsername.size() > TRACKED_LIMIT || this.byAddress.size() > TRACKED_LIMIT) {
			this.byUsername.values().removeIf((failures) -> failures.expired(now));
			this.byAddress.values().removeIf((failures) -> failures.expired(now));
			// memory stays bounded even under a spray of distinct names; the per-address limit still holds
			if (this.byUsername.size() > TRACKED_LIMIT) {
				this.byUsername.clear();
			}
			if (this.byAddress.size() > TRACKED_LIMIT) {
				this.byAddress.clear();
			}
		}
		this.byUsername.merge(key(username), new Failures(1, now.plus(WINDOW)), (old, next) -> old.plusOne(now));
		this.byAddress.merge(address, new Failures(1, now.plus(WINDOW)), (old, next) -> old.plusOne(now));
	}

	/** Forgets every counted failure: after a false alarm (a script with an old password), and between tests. */
	public void forgetAll() {
		this.byUsername.clear();
		this.byAddress.clear();
	}

	/** Takes back a counted attempt that succeeded: the username starts afresh, the address gets its attempt back. */
	public void succeeded(String username, String address) {
		this.byUsername.remove(key(username));
		this.byAddress.computeIfPresent(address,
				(ignored, failures) -> (failures.count() <= 1) ? null : new Failures(failures.count() - 1, failures.until()));
	}

	private static Duration wait(Failures failures, int limit, Instant now) {
		if (failures == null || failures.expired(now) || failures.count() < limit) {
			return Duration.ZERO;
		}
		return Duration.between(now, failures.until());
	}

	/** Counted as the sign-in checks it: trimmed and case-insensitive; names no user can have share one bucket. */
	static String key(String username) {
		String name = (username == null) ? "" : username.trim().toLowerCase(Locale.ROOT);
		return (name.length() > 100) ? "<longer than any username>" : name;
	}

	private record Failures(int count, Instant until) {

		boolean expired(Instant now) {
			return !now.isBefore(this.until);
		}

		Failures plusOne(Instant now) {
			return expired(now) ? new Failures(1, now.plus(WINDOW)) : new Failures(this.count + 1, this.until);
		}

	}

}
