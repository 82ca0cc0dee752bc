package dev.gatehouse.auth.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code audit_event} table: append (in batches on the writer's connection), read back by client, purge. */
@Repository
public class JdbcAuditLog {

	private static final String INSERT = """
			insert into audit_event (occurred_at, event_type, outcome, client_id, subject, origin_ip, user_agent,
			    request_path, scopes, token_ref, request_id, actor, error_code, detail)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	private final JdbcClient client;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final GroupCommitAuditWriter writer;

	public JdbcAuditLog(JdbcClient client, JdbcTemplate jdbc, PlatformTransactionManager transactions,
			GroupCommitAuditWriter writer) {
		this.client = Objects.requireNonNull(client, "client");
		this.writer = Objects.requireNonNull(writer, "writer");
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		// its own transaction: a batch of other requests' events must not join the caller's
		TransactionTemplate template = new TransactionTemplate(transactions);
		template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.transactions = template;
	}

	void append(AuditEvent event) {
		this.transactions.executeWithoutResult((status) -> this.jdbc.execute((Connection connection) -> {
			insert(connection, List.of(event));
			return null;
		}));
	}

	/**
	 * Inserts the events as one JDBC batch on the given connection; the caller commits. Used by the group
	 * commit writer on its own connection.
	 */
	static void insert(Connection connection, List<AuditEvent> events) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
			for (AuditEvent event : events) {
				statement.setTimestamp(1, Timestamp.from(event.occurredAt()));
				statement.setString(2, event.type());
				statement.setString(3, event.outcome());
				statement.setString(4, event.clientId());
				statement.setString(5, event.subject());
				statement.setString(6, event.originIp());
				statement.setString(7, event.userAgent());
				statement.setString(8, event.path());
				statement.setString(9, event.scopes());
				statement.setString(10, event.tokenRef());
				statement.setString(11, event.requestId());
				statement.setString(12, event.actor());
				statement.setString(13, event.error());
				statement.setString(14, event.detail());
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	/**
	 * Returns once every event recorded before this call is stored, including the introspections and refusals
	 * that are only queued: for readers that must see them at once (tests, an operator's script).
	 */
	public void awaitQueued() {
		this.writer.flush();
	}

	/** The client's events, oldest first. */
	public List<AuditEvent> ofClient(String clientId) {
		return this.client.sql("select * from audit_event where client_id = :value order by id")
			.param("value", clientId)
			.query(JdbcAuditLog::event)
			.list();
	}

	/** The events about a subject (user id, client id, username or key id), oldest first. */
	public List<AuditEvent> ofSubject(String subject) {
		return this.client.sql("select * from audit_event where subject = :value order by id")
			.param("value", subject)
			.query(JdbcAuditLog::event)
			.list();
	}

	/** The events of one request, by the id in its {@code X-Request-Id} header, oldest first. */
	public List<AuditEvent> ofRequest(String requestId) {
		return this.client.sql("select * from audit_event where request_id = :value order by id")
			.param("value", requestId)
			.query(JdbcAuditLog::event)
			.list();
	}

	/** How many events of {@code type} occurred since {@code since}. */
	public long countSince(String type, Instant since) {
		return this.client.sql("select count(*) from audit_event where event_type = :type and occurred_at >= :since")
			.param("type", type)
			.param("since", Timestamp.from(since))
			.query(Long.class)
			.single();
	}

	/** Events of {@code type} since {@code since}, counted per hour (hours without events are absent). */
	public Map<Instant, Long> hourlyCounts(String type, Instant since) {
		Map<Instant, Long> counts = new TreeMap<>();
		this.client.sql("select date_trunc('hour', occurred_at) as bucket, count(*) as events from audit_event "
				+ "where event_type = :type and occurred_at >= :since group by date_trunc('hour', occurred_at)")
			.param("type", type)
			.param("since", Timestamp.from(since))
			// the database truncates in its session time zone; keyed by UTC hour for every caller
			.query((RowCallbackHandler) (rs) -> counts.merge(
					rs.getTimestamp("bucket").toInstant().truncatedTo(ChronoUnit.HOURS), rs.getLong("events"), Long::sum));
		return counts;
	}

	/** The client's most recent events, newest first. */
	public List<AuditEvent> recentOfClient(String clientId, int limit) {
		return this.client
			.sql("select * from audit_event where client_id = :value order by occurred_at desc, id desc "
					+ "fetch first :limit rows only")
			.param("value", clientId)
			.param("limit", limit)
			.query(JdbcAuditLog::event)
			.list();
	}

	/** Events of {@code type} for one client since {@code since}, counted per UTC day. */
	public Map<Instant, Long> dailyCountsOfClient(String type, String clientId, Instant since) {
		Map<Instant, Long> counts = new TreeMap<>();
		this.client.sql("select date_trunc('day', occurred_at) as bucket, count(*) as events from audit_event "
				+ "where client_id = :client and event_type = :type and occurred_at >= :since "
				+ "group by date_trunc('day', occurred_at)")
			.param("client", clientId)
			.param("type", type)
			.param("since", Timestamp.from(since))
			.query((RowCallbackHandler) (rs) -> counts.merge(
					rs.getTimestamp("bucket").toInstant().truncatedTo(ChronoUnit.DAYS), rs.getLong("events"), Long::sum));
		return counts;
	}

	/** The most recent events with outcome {@code failure}, newest first. */
	public List<AuditEvent> recentFailures(int limit) {
		return this.client
			.sql("select * from audit_event where outcome = 'failure' order by occurred_at desc, id desc "
					+ "fetch first :limit rows only")
			.param("limit", limit)
			.query(JdbcAuditLog::event)
			.list();
	}

	private static AuditEvent event(ResultSet rs, int row) throws SQLException {
		return new AuditEvent(rs.getTimestamp("occurred_at").toInstant(), rs.getString("event_type"),
				rs.getString("outcome"), rs.getString("client_id"), rs.getString("subject"), rs.getString("origin_ip"),
				rs.getString("user_agent"), rs.getString("request_path"), rs.getString("scopes"),
				rs.getString("token_ref"), rs.getString("request_id"), rs.getString("actor"),
				rs.getString("error_code"), rs.getString("detail"));
	}

	int purgeOlderThan(Instant before, int batchSize) {
		return this.client.sql("""
				delete from audit_event where id in (
				    select id from audit_event where occurred_at < :before fetch first :batch rows only)
				""")
			.param("before", Timestamp.from(before))
			.param("batch", batchSize)
			.update();
	}

}
