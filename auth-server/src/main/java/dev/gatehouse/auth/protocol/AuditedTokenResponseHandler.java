package dev.gatehouse.auth.protocol;

import java.io.IOException;
import java.text.ParseException;
import java.util.Objects;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.token.TokenEvent;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;

/**
 * Records {@code access_token.issued} for every token the token endpoint hands out (grant type, client,
 * subject, scopes, audience, {@code jti}, key id), then writes Spring's token response. The event is stored
 * before the first byte of the response is written, so no caller holds a token whose issuance went unrecorded.
 */
final class AuditedTokenResponseHandler implements AuthenticationSuccessHandler {

	private final AuthenticationSuccessHandler response = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();

	private final ApplicationEventPublisher events;

	AuditedTokenResponseHandler(ApplicationEventPublisher events) {
		this.events = Objects.requireNonNull(events, "events");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		OAuth2AccessTokenAuthenticationToken issued = (OAuth2AccessTokenAuthenticationToken) authentication;
		String grantType = request.getParameter("grant_type");
		this.events.publishEvent(event(issued).withGrantType(grantType));
		this.response.onAuthenticationSuccess(request, response, authentication);
	}

	private static TokenEvent event(OAuth2AccessTokenAuthenticationToken issued) {
		String clientId = issued.getRegisteredClient().getClientId();
		try {
			// Gatehouse signed this token a moment ago: reading its claims needs no verification
			SignedJWT jwt = SignedJWT.parse(issued.getAccessToken().getTokenValue());
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			return new TokenEvent("access_token.issued", true, clientId, claims.getSubject(),
					issued.getAccessToken().getScopes(), claims.getJWTID(),
					"aud=" + String.join(",", claims.getAudience()) + " kid=" + jwt.getHeader().getKeyID());
		}
		catch (ParseException notAJwt) {
			return new TokenEvent("access_token.issued", true, clientId, null, issued.getAccessToken().getScopes(),
					null, null);
		}
	}

}
