package dev.gatehouse.auth.user;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every sign-in attempt before its password is checked, and refuses it when the username or the
 * address is over its limit: 429 with {@code Retry-After} and the login page saying so. The password is not
 * even checked then.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

	private final RequestMatcher loginPost = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");

	private final LoginThrottle throttle;

	LoginThrottleFilter(LoginThrottle throttle) {
		this.throttle = throttle;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.loginPost.matches(request)) {
			Duration wait = this.throttle.attempt(request.getParameter("username"), request.getRemoteAddr());
			if (!wait.isZero()) {
				long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
				response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
				response.setHeader("Retry-After", Long.toString(wait.toSeconds()));
				request.setAttribute(LoginController.THROTTLED_MINUTES, minutes);
				request.getRequestDispatcher(LoginController.THROTTLED_PATH).forward(request, response);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
