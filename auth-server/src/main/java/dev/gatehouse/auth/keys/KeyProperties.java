package dev.gatehouse.auth.keys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signing key settings ({@code gatehouse.keys.*}).
 *
 * @param directory where the key-encryption key file lives (created owner-only); also where a signing key
 * of an earlier version ({@code signing-key.pem}) is imported from once
 * @param encryptionKey the key-encryption key as base64 (32 bytes); set it (e.g. from
 * {@code GATEHOUSE_KEYS_ENCRYPTIONKEY}) when several instances share one database, so all of them can read
 * the keys; empty means the file {@code <directory>/key-encryption.key}, generated on first start
 * @param defaultAlgorithm the algorithm of access tokens for clients without their own choice
 * @param algorithms the algorithms kept ready (a current key each), so clients may choose among them
 * @param rotationPeriod how long a key signs before its successor takes over
 * @param prepublication how long a new key is published before it signs; at least {@code jwksMaxAge}
 * @param jwksMaxAge the {@code Cache-Control: max-age} of the JWKS response
 * @param retiredRetention how long a retired key stays published; at least the longest token lifetime
 * @param checkInterval how often the rotation schedule is checked
 * @param refreshInterval how often an instance reloads the keys from the database (others may rotate)
 */
@ConfigurationProperties("gatehouse.keys")
public record KeyProperties(@DefaultValue("./keys") Path directory, @DefaultValue("") String encryptionKey,
		@DefaultValue("ES256") SigningAlgorithm defaultAlgorithm,
		@DefaultValue({ "ES256", "RS256", "EdDSA" }) List<SigningAlgorithm> algorithms,
		@DefaultValue("30d") Duration rotationPeriod, @DefaultValue("1h") Duration prepublication,
		@DefaultValue("15m") Duration jwksMaxAge, @DefaultValue("1d") Duration retiredRetention,
		@DefaultValue("1m") Duration checkInterval, @DefaultValue("10s") Duration refreshInterval) {

	public KeyProperties {
		algorithms = List.copyOf(algorithms);
		if (!algorithms.contains(defaultAlgorithm)) {
			throw new IllegalArgumentException("gatehouse.keys.algorithms must include the default algorithm "
					+ defaultAlgorithm);
		}
		// a resource server that cached the JWKS just before a key was published must see it before it signs
		if (prepublication.compareTo(jwksMaxAge) < 0) {
			throw new IllegalArgumentException("gatehouse.keys.prepublication must be at least gatehouse.keys.jwks-max-age");
		}
		if (rotationPeriod.compareTo(prepublication) <= 0) {
			throw new IllegalArgumentException("gatehouse.keys.rotation-period must be longer than the prepublication");
		}
	}

	@Override
	public String toString() {
		return "KeyProperties[directory=" + this.directory + ", encryptionKey=******, defaultAlgorithm="
				+ this.defaultAlgorithm + ", algorithms=" + this.algorithms + ", rotationPeriod=" + this.rotationPeriod
				+ "]";
	}

}
