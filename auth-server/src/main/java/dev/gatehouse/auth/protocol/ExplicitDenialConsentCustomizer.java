package dev.gatehouse.auth.protocol;

import java.util.function.Consumer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;

/**
 * Deny means denied. Spring adds the scopes a user consented to earlier to whatever the consent form posts,
 * so a Deny (no scope posted) on a request for one new scope would still yield a code for the old ones. Here
 * an answer without scopes ends the request with {@code access_denied}, and the earlier consent stays as it
 * was (withdrawing it is the account page's job, which also revokes the tokens).
 */
final class ExplicitDenialConsentCustomizer implements Consumer<OAuth2AuthorizationConsentAuthenticationContext> {

	@Override
	public void accept(OAuth2AuthorizationConsentAuthenticationContext context) {
		OAuth2AuthorizationConsentAuthenticationToken answer = context.getAuthentication();
		if (!answer.getScopes().isEmpty()) {
			return;
		}
		OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
		String redirectUri = (request.getRedirectUri() != null) ? request.getRedirectUri()
				: context.getRegisteredClient().getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(),
				(Authentication) answer.getPrincipal(), redirectUri, request.getState(),
				request.getScopes(), null);
		throw new OAuth2AuthorizationCodeRequestAuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED, "The user did not allow the request", null), result);
	}

}
