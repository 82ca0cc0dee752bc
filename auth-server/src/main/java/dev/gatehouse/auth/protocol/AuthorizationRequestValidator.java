package dev.gatehouse.auth.protocol;

import java.util.function.Consumer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Gatehouse's rules for authorization requests, on top of Spring's (which already require PKCE with
 * {@code S256} only): the {@code redirect_uri} must equal a registered one as a string, loopback ports
 * included (RFC 9700 §4.1.3; Spring would accept any port on a loopback address); at least one scope; a
 * well-formed {@code S256} challenge; a {@code state} of at most 1000 characters. A bad client or redirect
 * URI is answered on Gatehouse's own page, never by a redirect (RFC 6749 §4.1.2.1).
 */
final class AuthorizationRequestValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	static final int MAXIMUM_STATE_LENGTH = 1000;

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		String redirectUri = request.getRedirectUri();
		if (redirectUri != null && !client.getRedirectUris().contains(redirectUri)) {
			throw error(OAuth2ErrorCodes.INVALID_REQUEST, "The redirect_uri is not registered for this client",
					request, null);
		}
		OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.accept(context);
		String respondTo = (redirectUri != null) ? redirectUri : client.getRedirectUris().iterator().next();
		if (request.getState() != null && request.getState().length() > MAXIMUM_STATE_LENGTH) {
			// not echoed back: the response would carry the oversized value to the client again
			throw error(OAuth2ErrorCodes.INVALID_REQUEST, "The state is longer than " + MAXIMUM_STATE_LENGTH
					+ " characters", withoutState(request), respondTo);
		}
		if (request.getScopes().isEmpty()) {
			throw error(OAuth2ErrorCodes.INVALID_SCOPE, "Request at least one scope", request, respondTo);
		}
		OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR.accept(context);
		Object challenge = request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE);
		if (challenge != null && !challenge.toString().matches("[A-Za-z0-9_-]{43}")) {
			throw error(OAuth2ErrorCodes.INVALID_REQUEST, "The code_challenge is not an S256 challenge", request,
					respondTo);
		}
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationToken withoutState(
			OAuth2AuthorizationCodeRequestAuthenticationToken request) {
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(),
				request.getClientId(), (Authentication) request.getPrincipal(), request.getRedirectUri(), null,
				request.getScopes(), request.getAdditionalParameters());
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationException error(String code, String description,
			OAuth2AuthorizationCodeRequestAuthenticationToken request, String redirectUri) {
		OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
				redirectUri, (redirectUri != null) ? request.getState() : null, request.getScopes(),
				request.getAdditionalParameters());
		return new OAuth2AuthorizationCodeRequestAuthenticationException(
				new OAuth2Error(code, description, null), result);
	}

}
