package dev.gatehouse.auth.protocol;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the protocol endpoints speaking OAuth even when something unexpected breaks: a database failure
 * becomes 503 {@code temporarily_unavailable}, anything else 500 {@code server_error} with fixed text.
 * The detail goes to the log, never to the client.
 */
final class ProtocolErrorFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(ProtocolErrorFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (isDatabaseFailure(ex)) {
				logger.error("Database unavailable at " + request.getRequestURI() + ": " + ex);
				respond(response, HttpStatus.SERVICE_UNAVAILABLE, OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
						"The service is temporarily unavailable, try again shortly");
				return;
			}
			logger.error("Unexpected failure at " + request.getRequestURI(), ex);
			respond(response, HttpStatus.INTERNAL_SERVER_ERROR, OAuth2ErrorCodes.SERVER_ERROR,
					"The server could not complete the request");
		}
	}

	private static boolean isDatabaseFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessException) {
				return true;
			}
		}
		return false;
	}

	private static void respond(HttpServletResponse response, HttpStatus status, String code, String description)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.reset();
		OAuthErrorResponses.write(response, status, code, description);
	}

}
