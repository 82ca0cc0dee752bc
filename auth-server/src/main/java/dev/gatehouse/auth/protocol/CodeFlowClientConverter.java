package dev.gatehouse.auth.protocol;

import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refuses, before anything else looks at it, an authorization request or consent naming a client that does
 * not use the authorization code flow (a {@code client_credentials} client): Spring's own checks would reach
 * for a redirect URI such a client does not have. The refusal is shown on Gatehouse's page, never redirected.
 * Otherwise stays out of the way.
 */
final class CodeFlowClientConverter implements AuthenticationConverter {

	private final RegisteredClientRepository clients;

	CodeFlowClientConverter(RegisteredClientRepository clients) {
		this.clients = Objects.requireNonNull(clients, "clients");
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (clientIds == null || clientIds.length != 1) {
			return null; // Spring answers a missing or repeated client_id
		}
		RegisteredClient client = this.clients.findByClientId(clientIds[0]);
		if (client != null && (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.AUTHORIZATION_CODE)
				|| client.getRedirectUris().isEmpty())) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"This client does not sign users in", null));
		}
		return null;
	}

}
