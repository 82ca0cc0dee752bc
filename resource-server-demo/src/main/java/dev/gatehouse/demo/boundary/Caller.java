package dev.gatehouse.demo.boundary;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeSet;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * Who is calling, as the boundary established it. This is all a controller gets: no token, no claims map.
 *
 * @param subject the token's {@code sub} (a user id, or the client id for client_credentials)
 * @param clientId the client the token was issued to
 * @param scopes the scopes granted
 * @param roles the roles from the token's {@code roles} claim
 */
public record Caller(String subject, String clientId, Set<String> scopes, Set<String> roles) {

	static final String SCOPE_PREFIX = "SCOPE_";

	static final String ROLE_PREFIX = "ROLE_";

	public Caller {
		// sorted, so the caller reads the same in every response and audit line
		scopes = Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
		roles = Collections.unmodifiableSortedSet(new TreeSet<>(roles));
	}

	/** The caller behind an authenticated bearer token, or {@code null} for anything else. */
	public static Caller of(Authentication authentication) {
		if (!(authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token)
				|| !authentication.isAuthenticated()) {
			return null;
		}
		Object clientId = token.getTokenAttributes().get("client_id");
		return new Caller(token.getName(), (clientId != null) ? clientId.toString() : null,
				withPrefix(token, SCOPE_PREFIX), withPrefix(token, ROLE_PREFIX));
	}

	private static Set<String> withPrefix(Authentication authentication, String prefix) {
		Set<String> values = new TreeSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null && name.startsWith(prefix)) {
				values.add(name.substring(prefix.length()));
			}
		}
		return values;
	}

}
