package dev.gatehouse.auth.client;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A client secret in plaintext: shown once when it is created, then only its {@link SecretHash} is kept.
 * <p>
 * {@link #toString()} never prints the value; call {@link #reveal()} at the one place that shows it.
 */
public final class ClientSecret {

	/** Recognisable prefix so secret scanners can find leaked Gatehouse client secrets. */
	public static final String PREFIX = "gh_cs_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int RANDOM_BYTES = 32;

	/** Operator-supplied secrets (bootstrap) must be long enough that a fast hash stays safe. */
	static final int MINIMUM_LENGTH = 32;

	private final String value;

	private ClientSecret(String value) {
		this.value = Objects.requireNonNull(value, "value");
	}

	/** A new secret: 256 random bits, URL-safe, with the {@link #PREFIX}. */
	public static ClientSecret generate() {
		byte[] bytes = new byte[RANDOM_BYTES];
		RANDOM.nextBytes(bytes);
		return new ClientSecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	/**
	 * A secret chosen by an operator (for automation). It must be at least {@value #MINIMUM_LENGTH}
	 * characters: Gatehouse stores secrets under a fast hash, which is only safe for high-entropy values.
	 */
	public static ClientSecret of(String value) {
		if (value == null || value.length() < MINIMUM_LENGTH) {
			throw new IllegalArgumentException(
					"a client secret must be at least " + MINIMUM_LENGTH + " characters long");
		}
		return new ClientSecret(value);
	}

	public String reveal() {
		return this.value;
	}

	public SecretHash hash() {
		return SecretHash.of(this.value);
	}

	@Override
	public String toString() {
		return "ClientSecret[******]";
	}

}
