package dev.gatehouse.auth.protocol;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Remembers the client that authenticated on this request. Spring's endpoint filters clear the security
 * context before they hand a refusal to the error handler; {@link OAuthErrorResponses} puts the client back, so
 * the refusal is recorded against the client that made the request.
 */
final class AuthenticatedClientFilter extends OncePerRequestFilter {

	private static final String ATTRIBUTE = AuthenticatedClientFilter.class.getName();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
			request.setAttribute(ATTRIBUTE, client);
		}
		chain.doFilter(request, response);
	}

	/** The client that authenticated on this request, or {@code null}. */
	static OAuth2ClientAuthenticationToken of(HttpServletRequest request) {
		return (OAuth2ClientAuthenticationToken) request.getAttribute(ATTRIBUTE);
	}

}
