package dev.gatehouse.demo.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * RFC 6750 §3 answers for refused requests: 401 with {@code WWW-Authenticate: Bearer} (and
 * {@code error="invalid_token"} when a token was presented), 403 with {@code error="insufficient_scope"}
 * naming the missing scope. The body is an RFC 9457 problem document carrying the same {@code error}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-3">RFC 6750 §3</a>
 */
final class BearerErrorResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final String REALM = "gatehouse-demo";

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (exception instanceof AuthenticationServiceException) {
			// the token could not be checked at all (authorization server or its JWKS unreachable)
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			write(response, HttpStatus.SERVICE_UNAVAILABLE, Map.of(), "The token cannot be checked right now",
					Map.of());
			return;
		}
		Map<String, String> challenge = new LinkedHashMap<>();
		challenge.put("realm", REALM);
		String detail = "A bearer token is required";
		if (exception instanceof OAuth2AuthenticationException oauth) {
			OAuth2Error error = oauth.getError();
			challenge.put("error", error.getErrorCode());
			detail = (error.getDescription() != null) ? headerSafe(error.getDescription())
					: "The bearer token is not valid for this API";
			challenge.put("error_description", detail);
		}
		// RFC 6750 §3.1: without any authentication information the challenge carries no error code
		write(response, HttpStatus.UNAUTHORIZED, challenge, detail, Map.of());
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		Optional<AccessRule> rule = AccessRule.of(request);
		String requirement = rule.map(AccessRule::requirement).orElse("more privileges");
		String detail = "This request requires " + requirement;
		Map<String, String> challenge = new LinkedHashMap<>();
		challenge.put("realm", REALM);
		challenge.put("error", "insufficient_scope");
		challenge.put("error_description", detail);
		Map<String, String> extra = new LinkedHashMap<>();
		rule.map(AccessRule::scope).ifPresent((scope) -> {
			challenge.put("scope", scope);
			extra.put("required_scope", scope);
		});
		rule.map(AccessRule::role).ifPresent((role) -> extra.put("required_role", role));
		write(response, HttpStatus.FORBIDDEN, challenge, detail, extra);
	}

	/** RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no quote, no backslash). */
	private static String headerSafe(String text) {
		String safe = text.replaceAll("[^\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]", "'");
		return (safe.length() > 200) ? safe.substring(0, 200) : safe;
	}

	private static void write(HttpServletResponse response, HttpStatus status, Map<String, String> challenge,
			String detail, Map<String, String> extra) throws IOException {
		if (!challenge.isEmpty()) {
			StringBuilder header = new StringBuilder("Bearer ");
			challenge.forEach((name, value) -> header.append(name).append("=\"").append(value).append("\", "));
			header.setLength(header.length() - 2);
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, header.toString());
		}
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		StringBuilder body = new StringBuilder("{\"type\":\"about:blank\",\"title\":\"")
			.append(status.getReasonPhrase())
			.append("\",\"status\":")
			.append(status.value())
			.append(",\"detail\":\"")
			.append(detail)
			.append('"');
		String error = challenge.get("error");
		if (error != null) {
			body.append(",\"error\":\"").append(error).append('"');
		}
		extra.forEach((name, value) -> body.append(",\"").append(name).append("\":\"").append(value).append('"'));
		response.getWriter().write(body.append('}').toString());
	}

}
