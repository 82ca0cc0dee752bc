package dev.gatehouse.auth.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.auth.client.ClientEvent;
import dev.gatehouse.auth.token.TokenEvent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The one place protocol errors are rendered: RFC 6749 §5.2 JSON with {@code error} and
 * {@code error_description}, {@code Cache-Control: no-store}; {@code invalid_client} is 401 with
 * {@code WWW-Authenticate: Basic}, everything else 400. Used as the failure handler of every endpoint and
 * as the entry point for requests that carry no client credentials at all. Every refusal is published for the
 * audit trail and the metrics: {@code token_request.failed}, {@code introspection_request.failed} or
 * {@code revocation_request.failed} with the error code and the internal detail; a failed client
 * authentication is published by the client feature that decided it ({@code client_authentication.failed}).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.2">RFC 6749 §5.2</a>
 */
final class OAuthErrorResponses implements AuthenticationFailureHandler, AuthenticationEntryPoint {

	private static final String REALM = "Basic realm=\"gatehouse\"";

	private final ApplicationEventPublisher events;

	private final Map<String, String> endpoints;

	OAuthErrorResponses(ApplicationEventPublisher events, AuthorizationServerSettings settings) {
		this.events = Objects.requireNonNull(events, "events");
		this.endpoints = Map.of(settings.getTokenEndpoint(), "token", settings.getTokenIntrospectionEndpoint(),
				"introspection", settings.getTokenRevocationEndpoint(), "revocation");
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (exception instanceof OAuth2AuthenticationException oauth) {
			if (!OAuth2ErrorCodes.INVALID_CLIENT.equals(oauth.getError().getErrorCode())) {
				recordRefusal(request, oauth);
			}
			write(response, oauth.getError());
			return;
		}
		this.events.publishEvent(new ClientEvent("client_authentication.failed", false, null, null,
				exception.getClass().getSimpleName()));
		write(response, new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", null));
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (this.endpoints.containsKey(request.getRequestURI())) {
			this.events.publishEvent(
					new ClientEvent("client_authentication.failed", false, null, null, "no client credentials"));
		}
		write(response, new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication is required", null));
	}

	/** The refusal as an event; invalid_client was already published by the provider that decided it. */
	private void recordRefusal(HttpServletRequest request, OAuth2AuthenticationException refusal) {
		String endpoint = this.endpoints.getOrDefault(request.getRequestURI(), "protocol");
		String grantType = "token".equals(endpoint) ? printable(request.getParameter("grant_type"), 64) : null;
		OAuth2Error error = refusal.getError();
		String detail = (refusal.getMessage() != null) ? refusal.getMessage() : error.getDescription();
		OAuth2ClientAuthenticationToken client = AuthenticatedClientFilter.of(request);
		if (client != null) {
			// Spring cleared the context before calling us; the client did authenticate and is the actor
			SecurityContextHolder.getContext().setAuthentication(client);
		}
		this.events.publishEvent(TokenEvent.refused(endpoint,
				(client != null) ? client.getRegisteredClient().getClientId() : null, grantType,
				error.getErrorCode(), printable(detail, 500)));
	}

	private static String printable(String value, int length) {
		if (value == null) {
			return null;
		}
		String visible = value.replaceAll("[^\\x20-\\x7e]", "?");
		return (visible.length() > length) ? visible.substring(0, length) : visible;
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
