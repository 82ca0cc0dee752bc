package dev.gatehouse.auth.token;

import java.util.Objects;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Revokes Gatehouse refresh tokens (recognised by their prefix; anything else goes on to the JWT provider).
 * Revoking one revokes its whole family and denies the access tokens minted for it (RFC 7009 §2.1: "If the
 * token passed to the request is a refresh token ... the authorization server SHOULD also invalidate all
 * access tokens based on the same authorization grant"). Unknown tokens succeed quietly.
 */
@Component
public final class RefreshTokenRevocationAuthenticationProvider implements AuthenticationProvider {

	private static final OAuth2Error NOT_YOUR_TOKEN = new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
			"The token was not issued to this client", null);

	private final JdbcGrantStore store;

	private final UserGrantTokens tokens;

	private final RevocationPolicy policy;

	RefreshTokenRevocationAuthenticationProvider(JdbcGrantStore store, UserGrantTokens tokens, RevocationPolicy policy) {
		this.store = Objects.requireNonNull(store, "store");
		this.tokens = Objects.requireNonNull(tokens, "tokens");
		this.policy = Objects.requireNonNull(policy, "policy");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenRevocationAuthenticationToken request = (OAuth2TokenRevocationAuthenticationToken) authentication;
		if (!OpaqueToken.isRefreshToken(request.getToken())) {
			return null;
		}
		OAuth2ClientAuthenticationToken caller = CallingClient.of(request);
		Optional<JdbcGrantStore.StoredRefreshToken> stored = this.store.findRefreshToken(TokenHash.of(request.getToken()));
		if (stored.isEmpty()) {
			// RFC 7009 §2.2: "invalid tokens do not cause an error response"
			return request;
		}
		UserGrant grant = stored.get().grant();
		if (!this.policy.mayRevoke(caller.getRegisteredClient(), grant.clientId())) {
			throw new OAuth2AuthenticationException(NOT_YOUR_TOKEN);
		}
		if (!grant.isRevoked()) {
			this.tokens.revokeFamily(grant, "token.revoked", "revoked by client " + caller.getRegisteredClient().getClientId());
		}
		OAuth2RefreshToken revoked = new OAuth2RefreshToken(request.getToken(), stored.get().issuedAt(),
				stored.get().expiresAt());
		return new OAuth2TokenRevocationAuthenticationToken(revoked, caller);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
