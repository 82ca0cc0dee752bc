package dev.gatehouse.auth.token;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.gatehouse.auth.client.JdbcClientRegistry;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;

/**
 * Introspects JWT access tokens without a stored copy: verify the signature and expiry, then ask the
 * {@link IntrospectionPolicy}, the client registry (is the token's client still enabled?) and the denylist
 * (was it revoked?). Anything that fails answers exactly {@code {"active":false}}; every answer is published as
 * {@code token.introspected} (success = active, with the internal reason when inactive).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-2.2">RFC 7662 §2.2</a>
 */
@Component
public final class JwtIntrospectionAuthenticationProvider implements AuthenticationProvider {

	private static final OAuth2TokenIntrospection INACTIVE = OAuth2TokenIntrospection.builder().build();

	private final AccessTokenVerifier verifier;

	private final IntrospectionPolicy policy;

	private final JdbcClientRegistry clients;

	private final JdbcAccessTokenDenylist denylist;

	private final ApplicationEventPublisher events;

	public JwtIntrospectionAuthenticationProvider(AccessTokenVerifier verifier, IntrospectionPolicy policy,
			JdbcClientRegistry clients, JdbcAccessTokenDenylist denylist, ApplicationEventPublisher events) {
		this.verifier = Objects.requireNonNull(verifier, "verifier");
		this.events = Objects.requireNonNull(events, "events");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.clients = Objects.requireNonNull(clients, "clients");
		this.denylist = Objects.requireNonNull(denylist, "denylist");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		if (OpaqueToken.isRefreshToken(request.getToken())) {
			return null; // answered by the refresh token provider
		}
		OAuth2ClientAuthenticationToken caller = CallingClient.of(request);
		String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
		Optional<Jwt> verified = this.verifier.verify(request.getToken(), issuer);
		if (verified.isEmpty()) {
			this.events.publishEvent(new TokenEvent("token.introspected", false, null, null, Set.of(), null,
					"inactive: not a valid token of this issuer (signature, expiry or form)"));
			return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), caller, INACTIVE);
		}
		Jwt jwt = verified.get();
		String inactive = inactiveReason(jwt, caller.getRegisteredClient());
		this.events.publishEvent(new TokenEvent("token.introspected", inactive == null, clientId(jwt),
				jwt.getSubject(), Set.of(), jwt.getId(), (inactive == null) ? "active" : "inactive: " + inactive));
		return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), caller,
				(inactive == null) ? claims(jwt) : INACTIVE);
	}

	/** Why a well-signed, unexpired token is not active for this caller, or {@code null} when it is. */
	private String inactiveReason(Jwt jwt, RegisteredClient caller) {
		if (!this.policy.mayIntrospect(caller, clientId(jwt))) {
			return "the caller may not introspect this client's tokens";
		}
		if (!this.clients.isEnabled(clientId(jwt))) {
			return "the token's client is disabled";
		}
		return this.denylist.isDenied(jwt.getId()) ? "revoked" : null;
	}

	private static OAuth2TokenIntrospection claims(Jwt jwt) {
		OAuth2TokenIntrospection.Builder claims = OAuth2TokenIntrospection.builder(true)
			.clientId(clientId(jwt))
			.subject(jwt.getSubject())
			.audiences((audiences) -> audiences.addAll(jwt.getAudience()))
			.issuer(jwt.getIssuer().toString())
			.expiresAt(jwt.getExpiresAt())
			.issuedAt(jwt.getIssuedAt())
			.id(jwt.getId())
			.tokenType(jwt.hasClaim("cnf") ? "DPoP" : "Bearer");
		String scope = jwt.getClaimAsString("scope");
		if (scope != null && !scope.isBlank()) {
			claims.scope(scope);
		}
		if (jwt.hasClaim("roles")) {
			claims.claim("roles", jwt.getClaimAsStringList("roles"));
		}
		if (jwt.hasClaim("cnf")) {
			claims.claim("cnf", jwt.getClaim("cnf"));
		}
		return claims.build();
	}

	private static String clientId(Jwt jwt) {
		return jwt.getClaimAsString("client_id");
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
