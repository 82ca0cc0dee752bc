package dev.gatehouse.auth.protocol;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refuses authorization requests passed by reference or as a JWT ({@code request_uri}, {@code request}):
 * Gatehouse serves neither pushed authorization requests (RFC 9126) nor request objects (RFC 9101), so such
 * a request must not reach Spring's handling of them. Otherwise stays out of the way.
 */
final class UnsupportedRequestObjectConverter implements AuthenticationConverter {

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (request.getParameter(OAuth2ParameterNames.REQUEST_URI) != null) {
			throw refused("request_uri_not_supported", "Pushed authorization requests are not supported");
		}
		if (request.getParameter("request") != null) {
			throw refused("request_not_supported", "Request objects are not supported");
		}
		return null;
	}

	private static OAuth2AuthenticationException refused(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}

}
