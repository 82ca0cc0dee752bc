package dev.gatehouse.demo.boundary;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What each route of the API requires, in one table: used both to authorize requests and to tell a
 * refused caller which scope or role it lacked.
 *
 * @param method the HTTP method
 * @param pattern the path pattern
 * @param scope the scope the token must carry, or {@code null}
 * @param role the role the token must carry (its {@code roles} claim), or {@code null}
 */
public record AccessRule(HttpMethod method, String pattern, String scope, String role) {

	/** The API's routes. A route that is not listed here is refused. */
	public static final List<AccessRule> API = List.of(
			new AccessRule(HttpMethod.GET, "/api/v1/me", null, null),
			new AccessRule(HttpMethod.GET, "/api/v1/reports", "read:reports", null),
			new AccessRule(HttpMethod.POST, "/api/v1/reports", "write:reports", null),
			new AccessRule(HttpMethod.DELETE, "/api/v1/reports/{id}", null, "admin"));

	RequestMatcher matcher() {
		return PathPatternRequestMatcher.withDefaults().matcher(this.method, this.pattern);
	}

	/** The rule of the route being called, if it has one. */
	static Optional<AccessRule> of(HttpServletRequest request) {
		return API.stream().filter((rule) -> rule.matcher().matches(request)).findFirst();
	}

	/** What a caller must hold, in words, for an error description. */
	String requirement() {
		if (this.scope != null) {
			return "the scope '" + this.scope + "'";
		}
		return (this.role != null) ? "the role '" + this.role + "'" : "a valid token";
	}

}
