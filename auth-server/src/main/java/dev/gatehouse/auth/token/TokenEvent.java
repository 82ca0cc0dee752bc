package dev.gatehouse.auth.token;

import java.util.Objects;
import java.util.Set;

/**
 * A fact about a token, published for the audit trail. Never carries a token value: a {@code jti} or a
 * refresh token hash prefix identifies the token.
 *
 * @param type the fixed vocabulary: {@code access_token.issued}, {@code refresh_token.rotated},
 * {@code refresh_token.reuse_detected}, {@code authorization_code.reused}, {@code token.revoked},
 * {@code consent.revoked}
 * @param success whether the event is an outcome the caller wanted
 * @param clientId the client the token belongs to
 * @param subject the user (or client) the token is about
 * @param scopes the scopes involved
 * @param tokenRef the {@code jti} or hash prefix of the token
 * @param detail internal detail for investigators (never shown to the caller)
 */
public record TokenEvent(String type, boolean success, String clientId, String subject, Set<String> scopes,
		String tokenRef, String detail) {

	public TokenEvent {
		Objects.requireNonNull(type, "type");
		scopes = (scopes != null) ? Set.copyOf(scopes) : Set.of();
	}

}
