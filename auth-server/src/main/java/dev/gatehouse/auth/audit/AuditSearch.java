package dev.gatehouse.auth.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Searches the audit trail: events matching a {@link AuditQuery}, newest first, one page at a time; or all of
 * them as CSV ({@link #export}), streamed row by row so a large export never sits in memory. Filters are exact
 * matches on indexed columns, always bound as parameters; the SQL is portable (H2 and PostgreSQL).
 */
@Repository
public class AuditSearch {

	/**
	 * The event types Gatehouse records, as the console lists them: the README's "Audit trail" table, and the
	 * client changes the console makes ({@code client.updated}, {@code client.deleted},
	 * {@code client.secret_rotated}).
	 */
	public static final List<String> EVENT_TYPES = List.of("access_token.issued", "token_request.failed",
			"client_authentication.failed", "refresh_token.rotated", "refresh_token.reuse_detected",
			"authorization_code.reused", "token.introspected", "introspection_request.failed",
			"revocation_request.failed", "token.revoked", "authorization_request.failed", "consent.revoked",
			"login.succeeded", "login.failed", "client.created", "client.updated", "client.enabled",
			"client.disabled", "client.deleted", "client.secret_rotated", "user.created", "user.roles_changed",
			"user.password_reset", "user.disabled", "user.enabled", "key.created", "key.revoked", "key.purged");

	/** Rows the driver fetches per round trip while exporting (PostgreSQL streams only inside a transaction). */
	static final int EXPORT_FETCH_SIZE = 500;

	private static final String COLUMNS = "occurred_at, event_type, outcome, client_id, subject, origin_ip, "
			+ "user_agent, request_path, scopes, token_ref, request_id, actor, error_code, detail";

	private final JdbcClient jdbc;

	private final TransactionTemplate readOnly;

	public AuditSearch(DataSource dataSource, PlatformTransactionManager transactions) {
		Objects.requireNonNull(dataSource, "dataSource");
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setFetchSize(EXPORT_FETCH_SIZE);
		this.jdbc = JdbcClient.create(template);
		TransactionTemplate readOnly = new TransactionTemplate(Objects.requireNonNull(transactions, "transactions"));
		readOnly.setReadOnly(true);
		this.readOnly = readOnly;
	}

	/** One page of the matching events, newest first, and whether another page follows. */
	public AuditPage search(AuditQuery query) {
		List<AuditEvent> found = select(query, " offset :offset rows fetch first :limit rows only")
			.param("offset", (long) query.page() * query.size())
			.param("limit", query.size() + 1)
			.query(AuditSearch::event)
			.list();
		boolean hasNext = found.size() > query.size();
		return new AuditPage(hasNext ? found.subList(0, query.size()) : found, query.page(), query.size(), hasNext);
	}

	/**
	 * Writes every event matching the query's filters (its page and size are ignored) as CSV to {@code out}:
	 * RFC 4180, a header row of column names, newest first, see {@link AuditCsv}. The caller closes {@code out}.
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc4180#section-2">RFC 4180 §2</a>
	 */
	public void export(AuditQuery query, Writer out) throws IOException {
		AuditCsv csv = new AuditCsv(out);
		try {
			csv.header();
			this.readOnly.executeWithoutResult((status) -> select(query, "")
				.query((RowCallbackHandler) (rs) -> row(csv, event(rs, 0))));
			out.flush();
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	private static void row(AuditCsv csv, AuditEvent event) {
		try {
			csv.row(event);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The query's filters as a where clause of constant fragments, every value a bound parameter. */
	private StatementSpec select(AuditQuery query, String paging) {
		Map<String, Object> params = new LinkedHashMap<>();
		StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from audit_event where 1 = 1");
		if (query.from() != null) {
			sql.append(" and occurred_at >= :from");
			params.put("from", Timestamp.from(query.from()));
		}
		if (query.to() != null) {
			sql.append(" and occurred_at < :to");
			params.put("to", Timestamp.from(query.to()));
		}
		equal(sql, params, "event_type", "type", query.type());
		equal(sql, params, "client_id", "clientId", query.clientId());
		equal(sql, params, "subject", "subject", query.subject());
		equal(sql, params, "outcome", "outcome", query.outcome());
		equal(sql, params, "actor", "actor", query.actor());
		sql.append(" order by occurred_at desc, id desc").append(paging);
		return this.jdbc.sql(sql.toString()).params(params);
	}

	private static void equal(StringBuilder sql, Map<String, Object> params, String column, String name,
			String value) {
		if (value != null) {
			sql.append(" and ").append(column).append(" = :").append(name);
			params.put(name, value);
		}
	}

	private static AuditEvent event(ResultSet rs, int row) throws SQLException {
		return new AuditEvent(rs.getTimestamp("occurred_at").toInstant(), rs.getString("event_type"),
				rs.getString("outcome"), rs.getString("client_id"), rs.getString("subject"), rs.getString("origin_ip"),
				rs.getString("user_agent"), rs.getString("request_path"), rs.getString("scopes"),
				rs.getString("token_ref"), rs.getString("request_id"), rs.getString("actor"),
				rs.getString("error_code"), rs.getString("detail"));
	}

}
