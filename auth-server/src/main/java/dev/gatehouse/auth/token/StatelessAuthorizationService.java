package dev.gatehouse.auth.token;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Component;

/**
 * Gatehouse stores no copy of a JWT access token: it is validated and introspected from its signature plus
 * the denylist. So a {@code client_credentials} authorization, which holds nothing but that access token,
 * is not stored at all. Grants that need server-side state (authorization codes, refresh tokens) are not
 * enabled by this server; saving one is refused loudly rather than dropped.
 */
@Component
public final class StatelessAuthorizationService implements OAuth2AuthorizationService {

	@Override
	public void save(OAuth2Authorization authorization) {
		if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
			throw new IllegalStateException("Gatehouse does not store authorizations of grant type "
					+ authorization.getAuthorizationGrantType().getValue());
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		// nothing is stored, so nothing is removed
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return null;
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return null;
	}

}
