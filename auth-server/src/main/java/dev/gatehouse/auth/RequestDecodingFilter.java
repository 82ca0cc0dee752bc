package dev.gatehouse.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decodes request parameters before anything else reads them. Tomcat refuses bad %-encoding, invalid UTF-8
 * or an oversized form with an exception whose message quotes the parameter (a password, a secret, a
 * token), which the container would log; here it becomes a plain 400 and nothing is logged. OAuth endpoints
 * get an OAuth error, everything else an RFC 9457 problem.
 */
final class RequestDecodingFilter extends OncePerRequestFilter {

	private static final String UNPARSABLE_PARAMETERS = "org.apache.tomcat.util.http.InvalidParameterException";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			if (!UNPARSABLE_PARAMETERS.equals(ex.getClass().getName())) {
				throw ex;
			}
			refuse(request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setHeader("Cache-Control", "no-store");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		if (request.getRequestURI().startsWith("/oauth2/")) {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getWriter()
				.write("{\"error\":\"invalid_request\",\"error_description\":\"The request parameters could not be decoded\"}");
		}
		else {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getWriter()
				.write("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
						+ "\"detail\":\"The request parameters could not be decoded\"}");
		}
	}

}
