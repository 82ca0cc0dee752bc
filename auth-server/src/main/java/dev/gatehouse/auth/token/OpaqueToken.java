package dev.gatehouse.auth.token;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A server-generated opaque value handed to a caller once: a refresh token or an authorization code. 256
 * random bits, URL-safe. Only its {@link TokenHash} is stored; {@link #toString()} never prints the value.
 */
final class OpaqueToken {

	/** Recognisable prefix so secret scanners can find leaked Gatehouse refresh tokens. */
	static final String REFRESH_TOKEN_PREFIX = "gh_rt_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String value;

	private OpaqueToken(String value) {
		this.value = Objects.requireNonNull(value, "value");
	}

	static OpaqueToken refreshToken() {
		return generate(REFRESH_TOKEN_PREFIX);
	}

	static OpaqueToken authorizationCode() {
		return generate("");
	}

	private static OpaqueToken generate(String prefix) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return new OpaqueToken(prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	/** Whether a presented value looks like a Gatehouse refresh token (cheap check before any lookup). */
	static boolean isRefreshToken(String presented) {
		return presented != null && presented.startsWith(REFRESH_TOKEN_PREFIX) && presented.length() == 49;
	}

	String reveal() {
		return this.value;
	}

	TokenHash hash() {
		return TokenHash.of(this.value);
	}

	@Override
	public String toString() {
		return "OpaqueToken[******]";
	}

}
