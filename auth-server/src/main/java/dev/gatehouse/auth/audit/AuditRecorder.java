package dev.gatehouse.auth.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.TreeSet;

import dev.gatehouse.auth.client.ClientEvent;
import dev.gatehouse.auth.keys.KeyEvent;
import dev.gatehouse.auth.token.TokenEvent;
import dev.gatehouse.auth.user.ConsentRevoked;
import dev.gatehouse.auth.user.SignInEvent;
import dev.gatehouse.auth.user.UserEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the facts features publish into audit rows and structured log lines. It listens synchronously, in the
 * publisher's thread, and returns only once the event is committed (group commit, see
 * {@link GroupCommitAuditWriter}): a token is handed out only after its event is stored, so a crash cannot lose
 * the event of a token someone holds. Introspections and refusals are only queued (see
 * {@link #handsSomethingOut}). The request's origin and the acting principal ({@link Actor}) are added
 * here, so features publish only what they decided.
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
		String detail = (event.grantType() != null) ? join("grant_type=" + event.grantType(), event.detail())
				: event.detail();
		record(new Fact(event.type(), event.success(), event.clientId(), event.subject(),
				event.scopes().isEmpty() ? null : String.join(" ", new TreeSet<>(event.scopes())), event.tokenRef(),
				event.error(), detail));
	}

	@EventListener
	void on(ClientEvent event) {
		String detail = (event.method() != null) ? join("method=" + event.method(), event.detail()) : event.detail();
		record(new Fact(event.type(), event.success(), event.clientId(), null, null, null,
				event.success() ? null : "invalid_client", detail));
	}

	@EventListener
	void on(SignInEvent event) {
		record(new Fact(event.type(), event.success(), null, event.subject(), null, null, null, null));
	}

	@EventListener
	void on(ConsentRevoked event) {
		record(new Fact("consent.revoked", true, event.clientId(), event.userId(), null, null, null,
				"withdrawn by the user"));
	}

	@EventListener
	void on(UserEvent event) {
		record(new Fact(event.type(), true, null, event.userId(), null, null, null, event.detail()));
	}

	@EventListener
	void on(KeyEvent event) {
		record(new Fact(event.type(), true, null, event.keyId(), null, null, null, event.detail()));
	}

	private void record(Fact fact) {
		RequestOrigin origin = RequestOrigin.current();
		AuditEvent event = new AuditEvent(this.clock.instant().truncatedTo(ChronoUnit.MILLIS), fact.type(),
				fact.success() ? "success" : "failure", fact.clientId(), fact.subject(),
				(origin != null) ? origin.originIp() : null, (origin != null) ? origin.userAgent() : null,
				(origin != null) ? origin.path() : null, fact.scopes(), fact.tokenRef(),
				(origin != null) ? origin.requestId() : null, Actor.current(origin != null), fact.error(),
				fact.detail());
		if (handsSomethingOut(event)) {
			this.log.write(event);
		}
		else {
			this.log.submit(event);
		}
		logLine(event);
	}

	/**
	 * Whether the response that follows hands something out or confirms a change, so it may leave only once its
	 * event is committed. Introspections and refusals hand nothing out: their events are queued for the next
	 * group commit without the caller waiting (a crash can lose the last of those, never an issued token's).
	 */
	private static boolean handsSomethingOut(AuditEvent event) {
		return !event.type().equals("token.introspected") && !event.type().endsWith(".failed");
	}

	/** One JSON log line per event with the row's fields as keys (the request id is in the MDC already). */
	private static void logLine(AuditEvent event) {
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("event_type", event.type())
			.addKeyValue("outcome", event.outcome());
		addIfPresent(line, "client_id", event.clientId());
		addIfPresent(line, "subject", event.subject());
		addIfPresent(line, "actor", event.actor());
		addIfPresent(line, "origin_ip", event.originIp());
		addIfPresent(line, "path", event.path());
		addIfPresent(line, "scopes", event.scopes());
		addIfPresent(line, "token_ref", event.tokenRef());
		addIfPresent(line, "error", event.error());
		addIfPresent(line, "detail", event.detail());
		line.log("audit {} {} client_id={} sub={} actor={} token_ref={}", event.type(), event.outcome(), event.clientId(),
				event.subject(), event.actor(), event.tokenRef());
	}

	private static void addIfPresent(LoggingEventBuilder line, String key, String value) {
		if (value != null) {
			line.addKeyValue(key, value);
		}
	}

	private static String join(String first, String rest) {
		return (rest == null || rest.isEmpty()) ? first : first + " " + rest;
	}

	/** What a feature published, in the audit trail's terms. */
	private record Fact(String type, boolean success, String clientId, String subject, String scopes,
			String tokenRef, String error, String detail) {
	}

}
