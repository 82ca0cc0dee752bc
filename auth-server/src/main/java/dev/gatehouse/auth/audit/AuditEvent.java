package dev.gatehouse.auth.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the audit trail. Free-text values are clipped to what the table holds.
 *
 * @param occurredAt when
 * @param type what, from a fixed vocabulary ({@code access_token.issued}, {@code token_request.failed},
 * {@code client.created}, …; the README lists them all)
 * @param outcome {@code success} or {@code failure}
 * @param clientId the client, if any
 * @param subject the user id, client id, username or key id the event is about, if any
 * @param originIp the caller's address (see {@link RequestOrigin}), or {@code null} outside a request
 * @param userAgent the caller's user agent
 * @param path the request path
 * @param scopes the scopes involved, space-separated
 * @param tokenRef a {@code jti} or a hash prefix, never a token
 * @param requestId the request's id, as in its {@code X-Request-Id} header and log lines
 * @param actor who acted: {@code user:<id>}, {@code client:<id>}, {@code cli:<os user>} or {@code gatehouse}
 * @param error the OAuth error code of a refusal
 * @param detail internal detail
 */
public record AuditEvent(Instant occurredAt, String type, String outcome, String clientId, String subject,
		String originIp, String userAgent, String path, String scopes, String tokenRef, String requestId,
		String actor, String error, String detail) {

	public AuditEvent {
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(outcome, "outcome");
		clientId = clip(clientId, 100);
		subject = clip(subject, 100);
		scopes = clip(scopes, 2000);
		tokenRef = clip(tokenRef, 64);
		actor = clip(actor, 200);
		error = clip(error, 64);
		detail = clip(detail, 500);
	}

	private static String clip(String value, int length) {
		return (value != null && value.length() > length) ? value.substring(0, length) : value;
	}

}
