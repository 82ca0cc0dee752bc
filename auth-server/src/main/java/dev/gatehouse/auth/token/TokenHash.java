package dev.gatehouse.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a server-generated opaque value (refresh token, authorization code, consent state), as
 * stored and looked up. These values carry 256 random bits, so a fast hash is the right store; a database
 * dump holds nothing a caller could present.
 *
 * @param hex lower-case hex of the 32-byte digest
 */
record TokenHash(String hex) {

	TokenHash {
		if (hex == null || !hex.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("a token hash is 64 lower-case hex digits");
		}
	}

	static TokenHash of(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return new TokenHash(HexFormat.of().formatHex(digest));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	/** The first 8 hex digits: enough to tell tokens apart in a log line, useless to an attacker. */
	String prefix() {
		return this.hex.substring(0, 8);
	}

	@Override
	public String toString() {
		return "TokenHash[" + prefix() + "…]";
	}

}
