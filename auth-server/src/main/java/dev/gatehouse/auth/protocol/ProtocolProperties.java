package dev.gatehouse.auth.protocol;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Protocol settings ({@code gatehouse.*}).
 *
 * @param issuer the issuer identifier ({@code iss} of every token, base of every endpoint in the metadata);
 * also read from {@code GATEHOUSE_ISSUER}
 */
@ConfigurationProperties("gatehouse")
public record ProtocolProperties(@DefaultValue("http://localhost:9000") URI issuer) {

	public ProtocolProperties {
		// RFC 8414 §2: "a case-sensitive URL using the https scheme that contains scheme, host, and
		// optionally, port number and path components and no query or fragment components" (http for local use)
		if (issuer.getScheme() == null || issuer.getHost() == null || issuer.getQuery() != null
				|| issuer.getFragment() != null) {
			throw new IllegalArgumentException("gatehouse.issuer must be an absolute URL without query or fragment");
		}
	}

	String issuerUrl() {
		String text = this.issuer.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
