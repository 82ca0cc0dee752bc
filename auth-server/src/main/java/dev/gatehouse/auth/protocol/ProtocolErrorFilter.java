package dev.gatehouse.auth.protocol;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the protocol endpoints speaking OAuth even when something unexpected breaks: a request body the
 * container cannot decode (bad %-encoding, invalid UTF-8, too large) is 400 {@code invalid_request}, a
 * database failure 503 {@code temporarily_unavailable}, anything else 500 {@code server_error} with fixed
 * text. Only exception class names are logged: their messages can quote request parameters, which may be
 * secrets or tokens.
 */
final class ProtocolErrorFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(ProtocolErrorFilter.class);

	/** Tomcat's signal that the request parameters could not be parsed; its message quotes them. */
	private static final String UNPARSABLE_PARAMETERS = "org.apache.tomcat.util.http.InvalidParameterException";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (causedBy(ex, UNPARSABLE_PARAMETERS)) {
				logger.debug("Unparsable request parameters at " + request.getRequestURI());
				respond(response, HttpStatus.BAD_REQUEST, OAuth2ErrorCodes.INVALID_REQUEST,
						"The request parameters could not be decoded");
			}
			else if (causedBy(ex, DataAccessException.class.getName())
					&& !causedBy(ex, DataIntegrityViolationException.class.getName())) {
				logger.error("Database unavailable at " + request.getRequestURI() + ": " + classNames(ex));
				respond(response, HttpStatus.SERVICE_UNAVAILABLE, OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
						"The service is temporarily unavailable, try again shortly");
			}
			else {
				logger.error("Unexpected failure at " + request.getRequestURI() + ": " + classNames(ex));
				respond(response, HttpStatus.INTERNAL_SERVER_ERROR, OAuth2ErrorCodes.SERVER_ERROR,
						"The server could not complete the request");
			}
		}
	}

	private static boolean causedBy(Throwable ex, String className) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
				if (type.getName().equals(className)) {
					return true;
				}
			}
		}
		return false;
	}

	/** The exception chain by class and first frame, without messages. */
	private static String classNames(Throwable ex) {
		StringBuilder chain = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			chain.append((chain.length() > 0) ? " <- " : "").append(cause.getClass().getName());
			if (cause.getStackTrace().length > 0) {
				chain.append(" at ").append(cause.getStackTrace()[0]);
			}
		}
		return chain.toString();
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
