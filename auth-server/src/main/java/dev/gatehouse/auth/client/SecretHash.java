package dev.gatehouse.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 hash of a client secret, as stored. Secrets carry 256 random bits, so a fast hash is the
 * right store (a slow password hash would only slow the token endpoint down).
 *
 * @param hex lower-case hex of the 32-byte digest
 */
public record SecretHash(String hex) {

	public SecretHash {
		if (hex == null || !hex.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("a secret hash is 64 lower-case hex digits");
		}
	}

	static SecretHash of(String secret) {
		return new SecretHash(HexFormat.of().formatHex(sha256(secret)));
	}

	/** Whether {@code presented} hashes to this value, compared in constant time. */
	public boolean matches(String presented) {
		byte[] expected = HexFormat.of().parseHex(this.hex);
		return MessageDigest.isEqual(expected, sha256(presented));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	@Override
	public String toString() {
		return "SecretHash[" + this.hex.substring(0, 8) + "…]";
	}

}
