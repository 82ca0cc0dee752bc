package dev.gatehouse.auth.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.TreeSet;

import dev.gatehouse.auth.token.TokenEvent;
import dev.gatehouse.auth.user.ConsentRevoked;
import dev.gatehouse.auth.user.SignInEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Turns the facts features publish into audit rows and log lines. It listens synchronously, in the
 * publisher's thread, and returns only once the event is committed (group commit, see
 * {@link GroupCommitAuditWriter}): a token is handed out only after its event is stored, so a crash cannot lose
 * the event of a token someone holds.
 */
@Component
final class AuditRecorder {

	private static final Logger logger = LoggerFactory.getLogger("dev.gatehouse.auth.audit");

	private final GroupCommitAuditWriter log;

	private final Clock clock;

	AuditRecorder(GroupCommitAuditWriter log, Clock clock) {
		this.log = Objects.requireNonNull(log, "log");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@EventListener
	void on(TokenEvent event) {
		record(event.type(), event.success(), event.clientId(), event.subject(),
				event.scopes().isEmpty() ? null : String.join(" ", new TreeSet<>(event.scopes())), event.tokenRef(),
				event.detail());
	}

	@EventListener
	void on(SignInEvent event) {
		record(event.type(), event.success(), null, event.subject(), null, null, null);
	}

	@EventListener
	void on(ConsentRevoked event) {
		record("consent.revoked", true, event.clientId(), event.userId(), null, null, "withdrawn by the user");
	}

	private void record(String type, boolean success, String clientId, String subject, String scopes, String tokenRef,
			String detail) {
		RequestOrigin origin = currentOrigin();
		AuditEvent event = new AuditEvent(this.clock.instant().truncatedTo(ChronoUnit.MILLIS), type,
				success ? "success" : "failure", clientId, subject, (origin != null) ? origin.originIp() : null,
				(origin != null) ? origin.userAgent() : null, (origin != null) ? origin.path() : null, scopes, tokenRef,
				(origin != null) ? origin.requestId() : null, detail);
		this.log.write(event);
		logger.info("audit type={} outcome={} client_id={} sub={} origin_ip={} token={} request_id={}", event.type(),
				event.outcome(), event.clientId(), event.subject(), event.originIp(), event.tokenRef(),
				event.requestId());
	}

	private static RequestOrigin currentOrigin() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		return (request != null) ? (RequestOrigin) request.getAttribute(RequestOrigin.ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST) : null;
	}

}
