package dev.gatehouse.auth.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The audit search on a real database: filters, paging at its edges, and the CSV export's quoting. */
@BothDatabases
class AuditSearchTests {

	private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

	private final DataSource database = TestDatabase.migrated();

	private final AuditSearch search = new AuditSearch(this.database, new DataSourceTransactionManager(this.database));

	@Test
	void searchWithoutFiltersThenEveryEventNewestFirst() throws SQLException {
		store(event(0, "a"), event(2, "b"), event(1, "c"));

		AuditPage page = this.search.search(query(UnaryOperator.identity()));

		assertThat(page.events()).extracting(AuditEvent::clientId).containsExactly("b", "c", "a");
		assertThat(page.hasNext()).isFalse();
		assertThat(page.hasPrevious()).isFalse();
	}

	@Test
	void searchWhenEventsShareTheirTimeThenTheLaterStoredComesFirst() throws SQLException {
		store(event(0, "first"), event(0, "second"), event(0, "third"));

		AuditPage page = this.search.search(query(UnaryOperator.identity()));

		assertThat(page.events()).extracting(AuditEvent::clientId).containsExactly("third", "second", "first");
	}

	@Test
	void searchByClientThenOnlyThatClientsEvents() throws SQLException {
		store(event(0, "mine"), event(1, "other"), event(2, "mine"), event(3, "mine-too"));

		AuditPage page = this.search.search(query((q) -> q.clientId("mine")));

		assertThat(page.events()).hasSize(2).allSatisfy((e) -> assertThat(e.clientId()).isEqualTo("mine"));
	}

	@Test
	void searchByTypeOutcomeSubjectAndActorThenEveryFilterApplies() throws SQLException {
		AuditEvent wanted = new AuditEvent(T0, "token_request.failed", "failure", "c", "alice", null, null, null, null,
				null, "r1", "client:c", "invalid_scope", null);
		store(wanted, event(1, "c"),
				new AuditEvent(T0, "token_request.failed", "failure", "c", "bob", null, null, null, null, null, "r2",
						"client:c", "invalid_scope", null),
				new AuditEvent(T0, "token_request.failed", "failure", "c", "alice", null, null, null, null, null, "r3",
						"user:alice", "invalid_scope", null),
				new AuditEvent(T0, "token_request.failed", "success", "c", "alice", null, null, null, null, null, "r4",
						"client:c", null, null));

		AuditPage page = this.search.search(query((q) -> q.type("token_request.failed")
			.outcome("failure")
			.subject("alice")
			.actor("client:c")));

		assertThat(page.events()).containsExactly(wanted);
	}

	@Test
	void searchWithATimeRangeThenFromIsInclusiveAndToExclusive() throws SQLException {
		store(event(0, "before"), event(10, "at-from"), event(15, "inside"), event(20, "at-to"));

		AuditPage page = this.search.search(
				query((q) -> q.from(T0.plus(Duration.ofMinutes(10))).to(T0.plus(Duration.ofMinutes(20)))));

		assertThat(page.events()).extracting(AuditEvent::clientId).containsExactly("inside", "at-from");
	}

	@Test
	void searchWhenAFilterValueLooksLikeSqlThenItIsOnlyAValue() throws SQLException {
		store(event(0, "a"));

		AuditPage page = this.search.search(query((q) -> q.clientId("x' or '1'='1").subject("') --")));

		assertThat(page.events()).isEmpty();
	}

	@Test
	void searchWhenBlankFiltersThenTheyMatchAnything() throws SQLException {
		store(event(0, "a"), event(1, "b"));

		AuditPage page = this.search.search(query((q) -> q.clientId(" ").type("").outcome(null).actor("\t")));

		assertThat(page.events()).hasSize(2);
	}

	@Test
	void pagingThroughFiveEventsTwoAtATime() throws SQLException {
		store(event(0, "e0"), event(1, "e1"), event(2, "e2"), event(3, "e3"), event(4, "e4"));

		AuditPage first = this.search.search(query((q) -> q.size(2)));
		AuditPage second = this.search.search(query((q) -> q.size(2).page(1)));
		AuditPage last = this.search.search(query((q) -> q.size(2).page(2)));
		AuditPage beyond = this.search.search(query((q) -> q.size(2).page(3)));

		assertThat(first.events()).extracting(AuditEvent::clientId).containsExactly("e4", "e3");
		assertThat(first.hasNext()).isTrue();
		assertThat(second.events()).extracting(AuditEvent::clientId).containsExactly("e2", "e1");
		assertThat(second.hasNext()).isTrue();
		assertThat(second.hasPrevious()).isTrue();
		assertThat(last.events()).extracting(AuditEvent::clientId).containsExactly("e0");
		assertThat(last.hasNext()).isFalse();
		assertThat(beyond.events()).isEmpty();
		assertThat(beyond.hasNext()).isFalse();
	}

	@Test
	void pagingWhenTheLastPageIsExactlyFullThenThereIsNoNextPage() throws SQLException {
		store(event(0, "e0"), event(1, "e1"), event(2, "e2"), event(3, "e3"));

		AuditPage second = this.search.search(query((q) -> q.size(2).page(1)));

		assertThat(second.events()).extracting(AuditEvent::clientId).containsExactly("e1", "e0");
		assertThat(second.hasNext()).isFalse();
	}

	@Test
	void pagingAtTheLargestPageSize() throws SQLException {
		List<AuditEvent> events = new ArrayList<>();
		for (int i = 0; i < AuditQuery.MAX_SIZE + 1; i++) {
			events.add(event(i, "c" + i));
		}
		store(events.toArray(AuditEvent[]::new));

		AuditPage first = this.search.search(query((q) -> q.size(AuditQuery.MAX_SIZE)));
		AuditPage second = this.search.search(query((q) -> q.size(AuditQuery.MAX_SIZE).page(1)));

		assertThat(first.events()).hasSize(AuditQuery.MAX_SIZE);
		assertThat(first.hasNext()).isTrue();
		assertThat(second.events()).extracting(AuditEvent::clientId).containsExactly("c0");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidQueries")
	void queryWhenAValueIsNotAcceptableThenRefusedWithAMessage(String name, UnaryOperator<AuditQuery.Builder> change,
			String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> change.apply(AuditQuery.builder()).build())
			.withMessageContaining(message);
	}

	static List<Object[]> invalidQueries() {
		return List.of(
				new Object[] { "page -1", (UnaryOperator<AuditQuery.Builder>) (q) -> q.page(-1), "page" },
				new Object[] { "page past the last allowed",
						(UnaryOperator<AuditQuery.Builder>) (q) -> q.page(AuditQuery.MAX_PAGE + 1), "page" },
				new Object[] { "size 0", (UnaryOperator<AuditQuery.Builder>) (q) -> q.size(0), "Rows per page" },
				new Object[] { "size 201", (UnaryOperator<AuditQuery.Builder>) (q) -> q.size(201), "Rows per page" },
				new Object[] { "size 100000", (UnaryOperator<AuditQuery.Builder>) (q) -> q.size(100_000),
						"Rows per page" },
				new Object[] { "unknown event type", (UnaryOperator<AuditQuery.Builder>) (q) -> q.type("token.stolen"),
						"event type" },
				new Object[] { "outcome neither success nor failure",
						(UnaryOperator<AuditQuery.Builder>) (q) -> q.outcome("maybe"), "outcome" },
				new Object[] { "from after to",
						(UnaryOperator<AuditQuery.Builder>) (q) -> q.from(T0.plusSeconds(1)).to(T0), "time range" },
				new Object[] { "from equal to to", (UnaryOperator<AuditQuery.Builder>) (q) -> q.from(T0).to(T0),
						"time range" },
				new Object[] { "client id longer than the column",
						(UnaryOperator<AuditQuery.Builder>) (q) -> q.clientId("c".repeat(101)), "client id" },
				new Object[] { "actor longer than the column",
						(UnaryOperator<AuditQuery.Builder>) (q) -> q.actor("a".repeat(201)), "actor" });
	}

	@Test
	void exportWritesTheHeaderAndEveryMatchingEventIgnoringThePage() throws Exception {
		store(event(0, "mine"), event(1, "other"), event(2, "mine"), event(3, "mine"));

		String csv = export(query((q) -> q.clientId("mine").size(1).page(1)));

		List<String> lines = List.of(csv.split("\r\n"));
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).isEqualTo(AuditCsv.HEADER);
		assertThat(lines.subList(1, 4)).allSatisfy((line) -> assertThat(line).contains(",mine,"));
		assertThat(lines.get(1)).startsWith("2026-03-01T12:03:00Z,access_token.issued,success,mine,mine,client:mine,");
		assertThat(csv).endsWith("\r\n").doesNotContain(",other,");
	}

	@Test
	void exportWritesEveryColumnInHeaderOrder() throws Exception {
		store(new AuditEvent(T0, "access_token.issued", "success", "c", "s", "10.0.0.1", "curl/8", "/oauth2/token",
				"read write", "jti-1", "req-1", "client:c", "e", "grant_type=client_credentials"));

		String csv = export(query(UnaryOperator.identity()));

		assertThat(csv).isEqualTo(AuditCsv.HEADER + "\r\n" + "2026-03-01T12:00:00Z,access_token.issued,success,c,s,"
				+ "client:c,10.0.0.1,curl/8,/oauth2/token,read write,jti-1,req-1,e,grant_type=client_credentials\r\n");
	}

	@Test
	void exportWhenNothingMatchesThenOnlyTheHeader() throws Exception {
		store(event(0, "a"));

		assertThat(export(query((q) -> q.clientId("b")))).isEqualTo(AuditCsv.HEADER + "\r\n");
	}

	@Test
	void exportStreamsMoreRowsThanOneFetch() throws Exception {
		int count = AuditSearch.EXPORT_FETCH_SIZE * 2 + 7;
		List<AuditEvent> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			events.add(event(i, "c"));
		}
		store(events.toArray(AuditEvent[]::new));

		String csv = export(query(UnaryOperator.identity()));

		assertThat(csv.split("\r\n")).hasSize(count + 1);
	}

	@Test
	void exportQuotesAFieldWithALineBreakSoTheRowStaysOne() throws Exception {
		store(new AuditEvent(T0, "login.failed", "failure", null, "eve\r\n2026-01-01T00:00:00Z,login.succeeded", null,
				null, null, null, null, null, "anonymous", null, "said \"hi\", then left"));

		String csv = export(query(UnaryOperator.identity()));

		assertThat(csv).isEqualTo(AuditCsv.HEADER + "\r\n" + "2026-03-01T12:00:00Z,login.failed,failure,,"
				+ "\"eve\r\n2026-01-01T00:00:00Z,login.succeeded\",anonymous,,,,,,,,\"said \"\"hi\"\", then left\"\r\n");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("csvFields")
	void csvField(String name, String value, String expected) {
		assertThat(AuditCsv.field(value)).isEqualTo(expected);
	}

	static List<Object[]> csvFields() {
		return List.of(new Object[] { "plain", "demo-client", "demo-client" },
				new Object[] { "empty", "", "" },
				new Object[] { "a comma", "a,b", "\"a,b\"" },
				new Object[] { "a double quote", "say \"hi\"", "\"say \"\"hi\"\"\"" },
				new Object[] { "a quote at the start", "\"x", "\"\"\"x\"" },
				new Object[] { "a formula with =", "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"" },
				new Object[] { "a formula with + and a comma", "+1,2", "\"'+1,2\"" },
				new Object[] { "a formula with -", "-2+3", "'-2+3" },
				new Object[] { "a formula with @", "@SUM(A1)", "'@SUM(A1)" },
				new Object[] { "an = later on is harmless", "a=b", "a=b" },
				new Object[] { "a single quote stays as it is", "'quoted'", "'quoted'" });
	}

	@Test
	void csvFieldWhenItStartsWithATabOrCarriageReturnThenItIsMadeInert() {
		assertThat(AuditCsv.field("\t=1")).isEqualTo("'\t=1");
		assertThat(AuditCsv.field("\r=1")).isEqualTo("\"'\r=1\"");
		assertThat(AuditCsv.field("\n=1")).isEqualTo("\"\n=1\"");
		assertThat(AuditCsv.field(null)).isEmpty();
	}

	private String export(AuditQuery query) throws IOException {
		StringWriter out = new StringWriter();
		this.search.export(query, out);
		return out.toString();
	}

	private static AuditQuery query(UnaryOperator<AuditQuery.Builder> customizer) {
		return customizer.apply(AuditQuery.builder()).build();
	}

	/** An issuance to {@code client}, {@code minutes} after {@link #T0}. */
	private static AuditEvent event(int minutes, String client) {
		return new AuditEvent(T0.plus(Duration.ofMinutes(minutes)), "access_token.issued", "success", client, client,
				"127.0.0.1", "test", "/oauth2/token", "read", "jti-" + minutes, "request-" + minutes,
				"client:" + client, null, null);
	}

	/** Stores the events in the given order (ids ascending), as the group commit writer would. */
	private void store(AuditEvent... events) throws SQLException {
		try (Connection connection = this.database.getConnection()) {
			JdbcAuditLog.insert(connection, List.of(events));
		}
	}

}
