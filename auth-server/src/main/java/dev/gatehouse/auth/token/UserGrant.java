package dev.gatehouse.auth.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An authorization a user gave a client through the authorization endpoint (a row of {@code user_grant}):
 * first a pending consent or an authorization code, after the code exchange the anchor of a refresh token
 * family. No code, state or token value is held here, only what the flow must check later.
 *
 * @param id the grant id (Spring's authorization id)
 * @param clientId the client it was given to
 * @param userId the user who gave it (the {@code sub} of its tokens)
 * @param scopes the scopes requested, then the scopes granted once the user consented
 * @param redirectUri the {@code redirect_uri} of the authorization request, or {@code null} if it had none
 * @param clientState the client's {@code state}, kept only while the consent page is open
 * @param codeChallenge the PKCE {@code S256} challenge
 * @param authTime when the user proved their password for this grant
 * @param createdAt when the authorization request arrived
 * @param codeExpiresAt when the authorization code expires, or {@code null} before it was issued
 * @param codeUsedAt when the code was exchanged, or {@code null}
 * @param expiresAt the absolute end of the refresh token family, or {@code null} before the exchange
 * @param revokedAt when the family was revoked, or {@code null}
 */
record UserGrant(String id, String clientId, String userId, Set<String> scopes, String redirectUri,
		String clientState, String codeChallenge, Instant authTime, Instant createdAt, Instant codeExpiresAt,
		Instant codeUsedAt, Instant expiresAt, Instant revokedAt) {

	UserGrant {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(clientId, "clientId");
		Objects.requireNonNull(userId, "userId");
		scopes = Set.copyOf(scopes);
		Objects.requireNonNull(codeChallenge, "codeChallenge");
		Objects.requireNonNull(authTime, "authTime");
		Objects.requireNonNull(createdAt, "createdAt");
	}

	boolean isRevoked() {
		return this.revokedAt != null;
	}

}
