package dev.gatehouse.auth.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Authorization codes: 256 random bits, URL-safe, living as long as the client's code lifetime (one minute)
 * on the application clock, so expiry follows the same clock as everything else. Deliberately not a bean: a
 * second {@link OAuth2TokenGenerator} bean would make Spring fall back to its own access token generator.
 */
public final class AuthorizationCodeGenerator implements OAuth2TokenGenerator<OAuth2AuthorizationCode> {

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private final Clock clock;

	public AuthorizationCodeGenerator(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public OAuth2AuthorizationCode generate(OAuth2TokenContext context) {
		if (!CODE.equals(context.getTokenType())) {
			return null;
		}
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Instant expiresAt = issuedAt.plus(context.getRegisteredClient().getTokenSettings().getAuthorizationCodeTimeToLive());
		return new OAuth2AuthorizationCode(OpaqueToken.authorizationCode().reveal(), issuedAt, expiresAt);
	}

}
