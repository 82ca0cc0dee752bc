package dev.gatehouse.auth.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit_event} table: append, read back by client, purge by age in batches. */
@Repository
public class JdbcAuditLog {

	private final JdbcClient jdbc;

	public JdbcAuditLog(JdbcClient jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	void append(AuditEvent event) {
		this.jdbc.sql("""
				insert into audit_event (occurred_at, event_type, outcome, client_id, subject, origin_ip, user_agent,
				    request_path, scopes, token_ref, request_id, detail)
				values (:at, :type, :outcome, :clientId, :subject, :originIp, :userAgent, :path, :scopes, :tokenRef,
				    :requestId, :detail)
				""")
			.param("at", Timestamp.from(event.occurredAt()))
			.param("type", event.type())
			.param("outcome", event.outcome())
			.param("clientId", event.clientId())
			.param("subject", event.subject())
			.param("originIp", event.originIp())
			.param("userAgent", event.userAgent())
			.param("path", event.path())
			.param("scopes", event.scopes())
			.param("tokenRef", event.tokenRef())
			.param("requestId", event.requestId())
			.param("detail", event.detail())
			.update();
	}

	/** The client's events, oldest first. */
	public List<AuditEvent> ofClient(String clientId) {
		return this.jdbc.sql("select * from audit_event where client_id = :clientId order by id")
			.param("clientId", clientId)
			.query((rs, row) -> new AuditEvent(rs.getTimestamp("occurred_at").toInstant(), rs.getString("event_type"),
					rs.getString("outcome"), rs.getString("client_id"), rs.getString("subject"), rs.getString("origin_ip"),
					rs.getString("user_agent"), rs.getString("request_path"), rs.getString("scopes"),
					rs.getString("token_ref"), rs.getString("request_id"), rs.getString("detail")))
			.list();
	}

	int purgeOlderThan(Instant before, int batchSize) {
		return this.jdbc.sql("""
				delete from audit_event where id in (
				    select id from audit_event where occurred_at < :before fetch first :batch rows only)
				""")
			.param("before", Timestamp.from(before))
			.param("batch", batchSize)
			.update();
	}

}
