package dev.gatehouse.auth.token;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.gatehouse.auth.client.JdbcClientRegistry;
import dev.gatehouse.auth.user.JdbcUserStore;
import dev.gatehouse.auth.user.User;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;

/**
 * Introspects Gatehouse refresh tokens (recognised by their prefix; anything else goes on to the JWT
 * provider): one lookup by hash, then active only if unused, unrevoked, unexpired, its client enabled, its
 * user enabled, and the caller allowed by the {@link IntrospectionPolicy}. Anything else is exactly
 * {@code {"active":false}}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-2.2">RFC 7662 §2.2</a>
 */
@Component
public final class RefreshTokenIntrospectionAuthenticationProvider implements AuthenticationProvider {

	private static final OAuth2TokenIntrospection INACTIVE = OAuth2TokenIntrospection.builder().build();

	private final JdbcGrantStore store;

	private final IntrospectionPolicy policy;

	private final JdbcClientRegistry clients;

	private final JdbcUserStore users;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	RefreshTokenIntrospectionAuthenticationProvider(JdbcGrantStore store, IntrospectionPolicy policy,
			JdbcClientRegistry clients, JdbcUserStore users, Clock clock, ApplicationEventPublisher events) {
		this.events = Objects.requireNonNull(events, "events");
		this.store = Objects.requireNonNull(store, "store");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.clients = Objects.requireNonNull(clients, "clients");
		this.users = Objects.requireNonNull(users, "users");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		if (!OpaqueToken.isRefreshToken(request.getToken())) {
			return null;
		}
		OAuth2ClientAuthenticationToken caller = CallingClient.of(request);
		TokenHash hash = TokenHash.of(request.getToken());
		Optional<JdbcGrantStore.StoredRefreshToken> found = this.store.findRefreshToken(hash);
		String inactive = found.isPresent() ? inactiveReason(found.get(), caller) : "unknown token";
		UserGrant grant = found.map(JdbcGrantStore.StoredRefreshToken::grant).orElse(null);
		this.events.publishEvent(new TokenEvent("token.introspected", inactive == null,
				(grant != null) ? grant.clientId() : null, (grant != null) ? grant.userId() : null, Set.of(),
				hash.prefix(), (inactive == null) ? "active" : "inactive: " + inactive));
		return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), caller,
				(inactive == null) ? claims(found.get()) : INACTIVE);
	}

	/** Why a stored refresh token is not active for this caller, or {@code null} when it is. */
	private String inactiveReason(JdbcGrantStore.StoredRefreshToken token, OAuth2ClientAuthenticationToken caller) {
		String clientId = token.grant().clientId();
		if (!token.isActiveAt(this.clock.instant())) {
			return "used, revoked or expired";
		}
		if (!this.policy.mayIntrospect(caller.getRegisteredClient(), clientId)) {
			return "the caller may not introspect this client's tokens";
		}
		if (!this.clients.isEnabled(clientId)) {
			return "the token's client is disabled";
		}
		return this.users.findById(token.grant().userId()).map(User::enabled).orElse(false) ? null
				: "the user is disabled or gone";
	}

	private static OAuth2TokenIntrospection claims(JdbcGrantStore.StoredRefreshToken token) {
		OAuth2TokenIntrospection.Builder claims = OAuth2TokenIntrospection.builder(true)
			.clientId(token.grant().clientId())
			.subject(token.grant().userId())
			.issuer(AuthorizationServerContextHolder.getContext().getIssuer())
			.issuedAt(token.issuedAt())
			.expiresAt(token.expiresAt())
			.tokenType("refresh_token");
		if (!token.grant().scopes().isEmpty()) {
			claims.scope(String.join(" ", token.grant().scopes()));
		}
		return claims.build();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
