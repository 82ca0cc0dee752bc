package dev.gatehouse.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;

import dev.gatehouse.auth.user.JdbcUserStore;
import dev.gatehouse.auth.user.SignedInUser;
import dev.gatehouse.auth.user.User;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

/**
 * The {@code authorization_code} grant (RFC 6749 §4.1.3) with PKCE (RFC 7636 §4.6), for public and
 * confidential clients alike: find the grant by the code's hash → same client → code unused (a second use
 * revokes everything minted from it, RFC 6749 §4.1.2) → not expired → same {@code redirect_uri} →
 * {@code S256(code_verifier)} matches the challenge → user still enabled → exchange and issue.
 */
@Component
public final class AuthorizationCodeGrantAuthenticationProvider implements AuthenticationProvider {

	private final JdbcGrantStore store;

	private final UserGrantTokens tokens;

	private final JdbcUserStore users;

	private final Clock clock;

	AuthorizationCodeGrantAuthenticationProvider(JdbcGrantStore store, UserGrantTokens tokens, JdbcUserStore users,
			Clock clock) {
		this.store = Objects.requireNonNull(store, "store");
		this.tokens = Objects.requireNonNull(tokens, "tokens");
		this.users = Objects.requireNonNull(users, "users");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2AuthorizationCodeAuthenticationToken request = (OAuth2AuthorizationCodeAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken caller = CallingClient.of(request);
		RegisteredClient client = caller.getRegisteredClient();
		if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.AUTHORIZATION_CODE)) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
		}
		UserGrant grant = this.store.findByCode(TokenHash.of(request.getCode()))
			.filter((found) -> found.clientId().equals(client.getClientId()))
			.orElseThrow(() -> invalidGrant("The authorization code is invalid"));
		if (grant.codeUsedAt() != null || grant.isRevoked()) {
			this.tokens.revokeFamily(grant, "authorization_code.reused", "the code was presented again");
			throw invalidGrant("The authorization code is invalid");
		}
		if (!this.clock.instant().isBefore(grant.codeExpiresAt())) {
			throw invalidGrant("The authorization code has expired");
		}
		if (!redirectUriMatches(grant, request, client)) {
			throw invalidGrant("The redirect_uri does not match the authorization request");
		}
		if (!verifierMatches((String) request.getAdditionalParameters().get(PkceParameterNames.CODE_VERIFIER),
				grant.codeChallenge())) {
			throw invalidGrant("The code_verifier does not match the code_challenge");
		}
		User user = this.users.findById(grant.userId())
			.filter(User::enabled)
			.orElseThrow(() -> invalidGrant("The user of this grant can no longer sign in"));
		Authentication principal = SignedInUser.authentication(user, grant.authTime());
		UserGrantTokens.IssuedTokens issued = this.tokens.exchangeCode(grant, client, principal, request)
			.orElseThrow(() -> {
				this.tokens.revokeFamily(grant, "authorization_code.reused", "the code was presented again");
				return invalidGrant("The authorization code is invalid");
			});
		return new OAuth2AccessTokenAuthenticationToken(client, caller, issued.accessToken(), issued.refreshToken());
	}

	/**
	 * RFC 6749 §4.1.3: the same {@code redirect_uri} as in the authorization request; if that one had none (the
	 * client's only registered URI was used), none or that registered URI.
	 */
	private static boolean redirectUriMatches(UserGrant grant, OAuth2AuthorizationCodeAuthenticationToken request,
			RegisteredClient client) {
		if (grant.redirectUri() != null) {
			return grant.redirectUri().equals(request.getRedirectUri());
		}
		return request.getRedirectUri() == null || (client.getRedirectUris().size() == 1
				&& client.getRedirectUris().contains(request.getRedirectUri()));
	}

	/** RFC 7636 §4.1 and §4.6: 43 to 128 unreserved characters whose S256 is the challenge. */
	static boolean verifierMatches(String verifier, String challenge) {
		if (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")) {
			return false;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			byte[] expected = Base64.getUrlEncoder().withoutPadding().encode(digest);
			return MessageDigest.isEqual(expected, challenge.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	static OAuth2AuthenticationException invalidGrant(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, null));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2AuthorizationCodeAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
