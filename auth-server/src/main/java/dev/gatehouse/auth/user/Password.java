package dev.gatehouse.auth.user;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A password in plaintext, held only as long as it takes to hash it (or to show a generated one once).
 * {@link #toString()} never prints it.
 */
public final class Password {

	/** Chosen passwords must be at least this long; generated ones carry 144 random bits. */
	public static final int MINIMUM_LENGTH = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String value;

	private Password(String value) {
		this.value = Objects.requireNonNull(value, "value");
	}

	public static Password generate() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return new Password(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	public static Password of(String value) {
		if (value == null || value.length() < MINIMUM_LENGTH) {
			throw new IllegalArgumentException("a password must be at least " + MINIMUM_LENGTH + " characters long");
		}
		return new Password(value);
	}

	public String reveal() {
		return this.value;
	}

	@Override
	public String toString() {
		return "Password[******]";
	}

}
