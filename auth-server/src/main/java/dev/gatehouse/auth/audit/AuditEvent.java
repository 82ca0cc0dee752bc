package dev.gatehouse.auth.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the audit trail.
 *
 * @param occurredAt when
 * @param type what ({@code access_token.issued}, {@code refresh_token.reuse_detected}, {@code login.failed}, …)
 * @param outcome {@code success} or {@code failure}
 * @param clientId the client, if any
 * @param subject the user id or client id the event is about, if any
 * @param originIp the caller's address (see {@link RequestOrigin}), or {@code null} outside a request
 * @param userAgent the caller's user agent
 * @param path the request path
 * @param scopes the scopes involved, space-separated
 * @param tokenRef a {@code jti} or a hash prefix, never a token
 * @param requestId the request's id, as in its {@code X-Request-Id} header and log lines
 * @param detail internal detail
 */
public record AuditEvent(Instant occurredAt, String type, String outcome, String clientId, String subject,
		String originIp, String userAgent, String path, String scopes, String tokenRef, String requestId,
		String detail) {

	public AuditEvent {
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(outcome, "outcome");
	}

}
