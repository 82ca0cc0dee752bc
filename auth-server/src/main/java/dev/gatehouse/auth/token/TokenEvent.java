package dev.gatehouse.auth.token;

import java.util.Objects;
import java.util.Set;

/**
 * A fact about a token or a token request, published for the audit trail and the metrics. Never carries a
 * token value: a {@code jti} or a refresh token hash prefix identifies the token.
 *
 * @param type the fixed vocabulary: {@code access_token.issued}, {@code refresh_token.rotated},
 * {@code refresh_token.reuse_detected}, {@code authorization_code.reused}, {@code token.revoked},
 * {@code token.introspected}, {@code token_request.failed}, {@code introspection_request.failed},
 * {@code revocation_request.failed}, {@code authorization_request.failed}
 * @param success whether the event is an outcome the caller wanted (for an introspection: the token is active)
 * @param clientId the client the token belongs to, or that made the request
 * @param subject the user (or client) the token is about
 * @param scopes the scopes involved
 * @param tokenRef the {@code jti} or hash prefix of the token
 * @param detail internal detail for investigators (never shown to the caller)
 * @param grantType the grant type of a token request
 * @param error the OAuth error code of a refusal
 */
public record TokenEvent(String type, boolean success, String clientId, String subject, Set<String> scopes,
		String tokenRef, String detail, String grantType, String error) {

	public TokenEvent {
		Objects.requireNonNull(type, "type");
		scopes = (scopes != null) ? Set.copyOf(scopes) : Set.of();
	}

	public TokenEvent(String type, boolean success, String clientId, String subject, Set<String> scopes,
			String tokenRef, String detail) {
		this(type, success, clientId, subject, scopes, tokenRef, detail, null, null);
	}

	/** A refused request at one of the protocol endpoints: {@code <endpoint>_request.failed}. */
	public static TokenEvent refused(String endpoint, String clientId, String grantType, String error,
			String detail) {
		return new TokenEvent(endpoint + "_request.failed", false, clientId, null, Set.of(), null, detail, grantType,
				error);
	}

	/** The same fact, for a token issued or refused through {@code grantType}. */
	public TokenEvent withGrantType(String grantType) {
		return new TokenEvent(this.type, this.success, this.clientId, this.subject, this.scopes, this.tokenRef,
				this.detail, grantType, this.error);
	}

}
