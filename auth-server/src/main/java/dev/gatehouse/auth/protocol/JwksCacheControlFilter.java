package dev.gatehouse.auth.protocol;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets resource servers cache the JWKS for {@code gatehouse.keys.jwks-max-age}: new keys are published at
 * least that long before they sign, so a cached copy never lacks a key in use. (Everything else in the
 * protocol chain stays {@code no-store}.)
 */
final class JwksCacheControlFilter extends OncePerRequestFilter {

	private final RequestMatcher jwks;

	private final String cacheControl;

	JwksCacheControlFilter(String jwksPath, Duration maxAge) {
		this.jwks = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, jwksPath);
		this.cacheControl = "public, max-age=" + maxAge.toSeconds();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.jwks.matches(request)) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		}
		chain.doFilter(request, response);
	}

}
