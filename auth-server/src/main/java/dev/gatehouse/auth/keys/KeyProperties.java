package dev.gatehouse.auth.keys;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signing key settings ({@code gatehouse.keys.*}).
 *
 * @param directory where the PEM key files live; created owner-only when absent
 */
@ConfigurationProperties("gatehouse.keys")
public record KeyProperties(@DefaultValue("./keys") Path directory) {
}
