package dev.gatehouse.auth.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The one place protocol errors are rendered: RFC 6749 §5.2 JSON with {@code error} and
 * {@code error_description}, {@code Cache-Control: no-store}; {@code invalid_client} is 401 with
 * {@code WWW-Authenticate: Basic}, everything else 400. Used as the failure handler of every endpoint and
 * as the entry point for requests that carry no client credentials at all.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.2">RFC 6749 §5.2</a>
 */
final class OAuthErrorResponses implements AuthenticationFailureHandler, AuthenticationEntryPoint {

	private static final String REALM = "Basic realm=\"gatehouse\"";

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", null);
		write(response, error);
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		write(response, new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication is required", null));
	}

	static void write(HttpServletResponse response, OAuth2Error error) throws IOException {
		HttpStatus status = statusOf(error);
		// RFC 6749 §5.2: invalid_client "MUST respond with an HTTP 401 ... and include the WWW-Authenticate
		// response header field matching the authentication scheme used by the client"
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM);
		}
		write(response, status, error.getErrorCode(), error.getDescription());
	}

	static void write(HttpServletResponse response, HttpStatus status, String code, String description)
			throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", code);
		if (description != null) {
			body.put("error_description", description);
		}
		response.setStatus(status.value());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(JSONObjectUtils.toJSONString(body));
		response.getWriter().flush();
	}

	private static HttpStatus statusOf(OAuth2Error error) {
		return switch (error.getErrorCode()) {
			case OAuth2ErrorCodes.INVALID_CLIENT -> HttpStatus.UNAUTHORIZED;
			case OAuth2ErrorCodes.SERVER_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
			case OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			default -> HttpStatus.BAD_REQUEST;
		};
	}

}
