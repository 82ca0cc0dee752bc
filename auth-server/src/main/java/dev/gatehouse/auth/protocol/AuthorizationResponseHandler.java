package dev.gatehouse.auth.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.gatehouse.auth.token.TokenEvent;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Sends the authorization response to the client's redirect URI: {@code code} and {@code state} on success,
 * {@code error} and {@code state} on failure, and always {@code iss} so the client can tell which server
 * answered (RFC 9207 §2, against mix-up attacks). Errors that must not be redirected (unknown client,
 * unregistered redirect URI, a broken consent) are shown on a plain page of Gatehouse's own, status 400.
 */
final class AuthorizationResponseHandler implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(AuthorizationResponseHandler.class);

	private final String issuer;

	private final ApplicationEventPublisher events;

	AuthorizationResponseHandler(String issuer, ApplicationEventPublisher events) {
		this.issuer = issuer;
		this.events = Objects.requireNonNull(events, "events");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(result.getRedirectUri())
			.queryParam(OAuth2ParameterNames.CODE, encode(result.getAuthorizationCode().getTokenValue()));
		redirect(response, redirect, result.getState());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR);
		OAuth2AuthorizationCodeRequestAuthenticationToken result = (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest)
				? codeRequest.getAuthorizationCodeRequestAuthentication() : null;
		this.events.publishEvent(TokenEvent.refused("authorization", (result != null) ? result.getClientId() : null,
				null, error.getErrorCode(), error.getDescription()));
		if (result == null || result.getRedirectUri() == null || result.getRedirectUri().isBlank()) {
			logger.debug("Authorization request refused without redirect: " + error.getErrorCode());
			page(response, error);
			return;
		}
		UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(result.getRedirectUri())
			.queryParam(OAuth2ParameterNames.ERROR, encode(error.getErrorCode()));
		String description = OAuth2ErrorCodes.ACCESS_DENIED.equals(error.getErrorCode())
				? "The user did not allow the request" : error.getDescription();
		if (description != null) {
			redirect.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(description));
		}
		redirect(response, redirect, result.getState());
	}

	private void redirect(HttpServletResponse response, UriComponentsBuilder redirect, String state)
			throws IOException {
		if (state != null && !state.isEmpty()) {
			redirect.queryParam(OAuth2ParameterNames.STATE, encode(state));
		}
		redirect.queryParam("iss", encode(this.issuer));
		response.setHeader("Cache-Control", "no-store");
		response.sendRedirect(redirect.build(true).toUriString());
	}

	private static void page(HttpServletResponse response, OAuth2Error error) throws IOException {
		String message = switch (error.getErrorCode()) {
			case OAuth2ErrorCodes.INVALID_REQUEST -> "The application sent an invalid sign-in request"
					+ ((error.getDescription() != null) ? ": " + error.getDescription() : ".");
			case OAuth2ErrorCodes.UNAUTHORIZED_CLIENT -> "This application may not sign users in.";
			default -> "The sign-in request cannot be completed (" + error.getErrorCode() + ").";
		};
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'");
		response.getWriter().write("""
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
				<title>Sign-in request refused · Gatehouse</title><link rel="stylesheet" href="/css/gatehouse.css"></head>
				<body><main class="card"><h1>Sign-in request refused</h1><p class="error" role="alert">%s</p>
				<p class="muted">Go back to the application and try again, or tell its developers.</p></main></body></html>
				""".formatted(HtmlUtils.htmlEscape(message)));
	}

	private static String encode(String value) {
		return UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8);
	}

}
