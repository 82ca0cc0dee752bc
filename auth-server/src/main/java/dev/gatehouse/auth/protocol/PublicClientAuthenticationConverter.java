package dev.gatehouse.auth.protocol;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a public client's {@code client_id} (no secret, no {@code Authorization} header) from the requests a
 * public client may make: the {@code authorization_code} and {@code refresh_token} grants at the token
 * endpoint, and revocation of its own tokens (RFC 7009 §5). Introspection stays for confidential clients.
 * Whether the id belongs to a public client is for the client feature's provider to decide.
 */
final class PublicClientAuthenticationConverter implements AuthenticationConverter {

	private final String tokenEndpoint;

	private final String revocationEndpoint;

	PublicClientAuthenticationConverter(String tokenEndpoint, String revocationEndpoint) {
		this.tokenEndpoint = tokenEndpoint;
		this.revocationEndpoint = revocationEndpoint;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!HttpMethod.POST.matches(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null || !publicClientRequest(request)) {
			return null;
		}
		String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (clientIds == null) {
			return null;
		}
		if (clientIds.length != 1 || clientIds[0].isBlank()) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
		}
		return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null, Map.of());
	}

	private boolean publicClientRequest(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.equals(this.revocationEndpoint)) {
			return true;
		}
		String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
		return path.equals(this.tokenEndpoint)
				&& ("authorization_code".equals(grantType) || "refresh_token".equals(grantType));
	}

}
