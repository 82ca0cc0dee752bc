package dev.gatehouse.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import dev.gatehouse.auth.user.JdbcUserStore;
import dev.gatehouse.auth.user.SignedInUser;
import dev.gatehouse.auth.user.User;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

import static dev.gatehouse.auth.token.AuthorizationCodeGrantAuthenticationProvider.invalidGrant;

/**
 * The {@code refresh_token} grant (RFC 6749 §6) with rotation and reuse detection (RFC 9700 §4.14.2): find
 * the token by its hash → same client → family not revoked → token unused, else reuse: the whole family is
 * revoked (unless it is the same token again within the grace window, its successor still unused) → scopes
 * within the grant → not expired (idle and absolute) → user still enabled → rotate.
 */
@Component
public final class RefreshTokenGrantAuthenticationProvider implements AuthenticationProvider {

	private final JdbcGrantStore store;

	private final UserGrantTokens tokens;

	private final JdbcUserStore users;

	private final Clock clock;

	private final Duration reuseGrace;

	RefreshTokenGrantAuthenticationProvider(JdbcGrantStore store, UserGrantTokens tokens, JdbcUserStore users,
			Clock clock, TokenProperties properties) {
		this.store = Objects.requireNonNull(store, "store");
		this.tokens = Objects.requireNonNull(tokens, "tokens");
		this.users = Objects.requireNonNull(users, "users");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.reuseGrace = properties.refreshReuseGrace();
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2RefreshTokenAuthenticationToken request = (OAuth2RefreshTokenAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken caller = CallingClient.of(request);
		RegisteredClient client = caller.getRegisteredClient();
		if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
		}
		if (!OpaqueToken.isRefreshToken(request.getRefreshToken())) {
			throw invalidGrant("The refresh token is invalid");
		}
		JdbcGrantStore.StoredRefreshToken presented = this.store
			.findRefreshToken(TokenHash.of(request.getRefreshToken()))
			.filter((found) -> found.grant().clientId().equals(client.getClientId()))
			.orElseThrow(() -> invalidGrant("The refresh token is invalid"));
		UserGrant grant = presented.grant();
		if (grant.isRevoked()) {
			throw invalidGrant("The refresh token has been revoked");
		}
		if (presented.revokedAt() != null) {
			// in a live family a token is revoked only when a retry in the grace window replaced it: whoever holds
			// it now lost the race to the other holder of its parent, so one of the two is a thief
			throw reuse(grant);
		}
		Instant now = this.clock.instant();
		if (presented.usedAt() != null) {
			if (withinGrace(presented, now)) {
				var again = this.tokens.rotateAgain(presented, client, user(grant), scopes(request, grant), request);
				if (again.isPresent()) {
					return response(client, caller, again.get());
				}
			}
			throw reuse(grant);
		}
		Set<String> scopes = scopes(request, grant);
		if (!now.isBefore(presented.expiresAt())) {
			throw invalidGrant("The refresh token has expired");
		}
		Authentication user = user(grant);
		return response(client, caller,
				this.tokens.rotate(presented, client, user, scopes, request).orElseThrow(() -> reuse(grant)));
	}

	private static Set<String> scopes(OAuth2RefreshTokenAuthenticationToken request, UserGrant grant) {
		Set<String> scopes = request.getScopes().isEmpty() ? grant.scopes() : request.getScopes();
		if (!grant.scopes().containsAll(scopes)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
					"The requested scope exceeds the scope of the grant", null));
		}
		return scopes;
	}

	private boolean withinGrace(JdbcGrantStore.StoredRefreshToken presented, Instant now) {
		return !this.reuseGrace.isZero() && presented.replacedBy() != null
				&& now.isBefore(presented.usedAt().plus(this.reuseGrace));
	}

	private Authentication user(UserGrant grant) {
		User user = this.users.findById(grant.userId())
			.filter(User::enabled)
			.orElseThrow(() -> invalidGrant("The user of this grant can no longer sign in"));
		return SignedInUser.authentication(user, grant.authTime());
	}

	/** RFC 9700 §4.14.2: a used refresh token presented again means it leaked; end the whole family. */
	private OAuth2AuthenticationException reuse(UserGrant grant) {
		this.tokens.revokeFamily(grant, "refresh_token.reuse_detected", "a used or replaced refresh token was presented");
		return invalidGrant("The refresh token has been used already");
	}

	private static OAuth2AccessTokenAuthenticationToken response(RegisteredClient client,
			OAuth2ClientAuthenticationToken caller, UserGrantTokens.IssuedTokens issued) {
		return new OAuth2AccessTokenAuthenticationToken(client, caller, issued.accessToken(), issued.refreshToken());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
