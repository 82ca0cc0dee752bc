package dev.gatehouse.auth.token;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;

/**
 * Revokes JWT access tokens by adding their {@code jti} to the denylist until they expire, so
 * introspection answers inactive at once. Tokens that are not ours, malformed or already expired need no
 * revocation and succeed quietly.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.2">RFC 7009 §2.2</a>
 */
@Component
public final class JwtRevocationAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(JwtRevocationAuthenticationProvider.class);

	private static final OAuth2Error NOT_YOUR_TOKEN = new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
			"The token was not issued to this client", null);

	private final AccessTokenVerifier verifier;

	private final RevocationPolicy policy;

	private final JdbcAccessTokenDenylist denylist;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	public JwtRevocationAuthenticationProvider(AccessTokenVerifier verifier, RevocationPolicy policy,
			JdbcAccessTokenDenylist denylist, Clock clock, ApplicationEventPublisher events) {
		this.events = Objects.requireNonNull(events, "events");
		this.verifier = Objects.requireNonNull(verifier, "verifier");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.denylist = Objects.requireNonNull(denylist, "denylist");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenRevocationAuthenticationToken request = (OAuth2TokenRevocationAuthenticationToken) authentication;
		if (OpaqueToken.isRefreshToken(request.getToken())) {
			// the refresh token provider's answer (or refusal) stands: Spring's provider manager would otherwise
			// move on to this provider after a refusal and turn it into a quiet success
			return null;
		}
		OAuth2ClientAuthenticationToken caller = CallingClient.of(request);
		String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
		Optional<Jwt> verified = this.verifier.verify(request.getToken(), issuer);
		if (verified.isEmpty()) {
			// RFC 7009 §2.2: "invalid tokens do not cause an error response"
			return request;
		}
		Jwt jwt = verified.get();
		String tokenClientId = jwt.getClaimAsString("client_id");
		if (!this.policy.mayRevoke(caller.getRegisteredClient(), tokenClientId)) {
			throw new OAuth2AuthenticationException(NOT_YOUR_TOKEN);
		}
		this.denylist.deny(jwt.getId(), tokenClientId, jwt.getExpiresAt(), this.clock.instant());
		logger.info("Revoked access token jti=" + jwt.getId() + " of client_id=" + tokenClientId);
		this.events.publishEvent(new TokenEvent("token.revoked", true, tokenClientId, jwt.getSubject(), Set.of(),
				jwt.getId(), "access token revoked by client " + caller.getRegisteredClient().getClientId()));
		OAuth2AccessToken revoked = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.getTokenValue(),
				jwt.getIssuedAt(), jwt.getExpiresAt());
		return new OAuth2TokenRevocationAuthenticationToken(revoked, caller);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
