package dev.gatehouse.auth.console;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.auth.UserFlowTest;
import dev.gatehouse.auth.audit.JdbcAuditLog;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's audit log over HTTP through the real chain: a fresh client's issued and refused tokens found by
 * client, type and outcome, paged, exported as CSV with the same filters; admins only; unreadable filters
 * answered 400 with a message; and never a token or secret on the page or in the file.
 */
class ConsoleAuditIT extends UserFlowTest {

	private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);

	private static final Pattern CELL = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL);

	private static final String CSV_HEADER = "occurred_at,event_type,outcome,client_id,subject,actor,origin_ip,"
			+ "user_agent,request_path,scopes,token_ref,request_id,error_code,detail";

	@Autowired
	JdbcAuditLog audit;

	private Browser admin;

	private TestClient client;

	/** The request ids of the client's three issued tokens. */
	private final List<String> issued = new ArrayList<>();

	@BeforeEach
	void anAdminAndAClientWithIssuedAndRefusedTokens() {
		TestUser user = newUser("admin");
		this.admin = new Browser(ISSUER);
		this.admin.signIn(user.username(), user.password());
		this.client = newClient();
		for (int i = 0; i < 3; i++) {
			Response response = this.http.token(this.client.id(), this.client.secret(), "read:reports");
			assertThat(response.status()).isEqualTo(200);
			this.issued.add(response.header("X-Request-Id"));
		}
		for (int i = 0; i < 2; i++) {
			assertThat(this.http.token(this.client.id(), this.client.secret(), "admin:everything").status())
				.isEqualTo(400);
		}
		String wrongSecret = NoSecretsInOutput.remember("wrong-secret-" + UUID.randomUUID());
		assertThat(this.http.token(this.client.id(), wrongSecret, "read:reports").status()).isEqualTo(401);
		// refusals are queued for the next group commit, not waited for
		this.audit.awaitQueued();
	}

	@Test
	void filteredByClientThePageShowsExactlyThatClientsEventsNewestFirst() {
		HttpResponse<String> page = page("?client=" + this.client.id());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Audit log</h1>", "aria-current=\"page\">Audit log</a>");
		List<List<String>> rows = rows(page);
		assertThat(rows).extracting((row) -> row.get(1))
			.containsExactly("client_authentication.failed", "token_request.failed", "token_request.failed",
					"access_token.issued", "access_token.issued", "access_token.issued", "client.created");
		assertThat(rows).allSatisfy((row) -> assertThat(row.get(3)).isEqualTo(this.client.id()));
		assertThat(rows.get(1)).satisfies((refused) -> {
			assertThat(refused.get(2)).contains("failure");
			assertThat(refused.get(5)).isEqualTo("client:" + this.client.id());
			assertThat(refused.get(6)).isEqualTo("127.0.0.1");
			assertThat(refused.get(7)).isEqualTo("invalid_scope");
		});
		assertNoSecrets(page.body());
	}

	@Test
	void filteredByClientAndTypeThePageShowsOnlyTheIssuedTokens() {
		HttpResponse<String> page = page("?client=" + this.client.id() + "&type=access_token.issued");

		List<List<String>> rows = rows(page);
		assertThat(rows).allSatisfy((row) -> assertThat(row.get(1)).isEqualTo("access_token.issued"));
		assertThat(rows).extracting((row) -> row.get(9)).containsExactlyInAnyOrderElementsOf(this.issued);
		assertThat(page.body()).contains("<option value=\"access_token.issued\" selected=\"selected\">");
		assertNoSecrets(page.body());
	}

	@Test
	void filteredByClientAndOutcomeThePageShowsOnlyTheRefusals() {
		List<List<String>> rows = rows(page("?client=" + this.client.id() + "&outcome=failure"));

		assertThat(rows).extracting((row) -> row.get(1))
			.containsExactly("client_authentication.failed", "token_request.failed", "token_request.failed");
	}

	@Test
	void aTimeRangeAfterTheEventsShowsNone() {
		String inAnHour = utcMinute(Duration.ofHours(1));

		HttpResponse<String> page = page("?client=" + this.client.id() + "&from=" + inAnHour);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("No events match.").doesNotContain("id=\"audit-events\"");
		assertThat(rows(page("?client=" + this.client.id() + "&from=" + utcMinute(Duration.ofHours(-1)) + "&to="
				+ inAnHour))).hasSize(7);
	}

	@Test
	void pagesFollowOneAnotherKeepingTheFilters() {
		HttpResponse<String> first = page("?client=" + this.client.id() + "&size=3");
		HttpResponse<String> second = this.admin.get(link(first, "next-page"));
		HttpResponse<String> third = this.admin.get(link(second, "next-page"));

		assertThat(link(first, "next-page")).isEqualTo("/console/audit?client=" + this.client.id() + "&size=3&page=1");
		assertThat(first.body()).doesNotContain("id=\"previous-page\"");
		assertThat(rows(first)).hasSize(3);
		assertThat(rows(second)).hasSize(3);
		assertThat(link(second, "previous-page")).isEqualTo("/console/audit?client=" + this.client.id() + "&size=3");
		assertThat(rows(third)).hasSize(1);
		assertThat(third.body()).doesNotContain("id=\"next-page\"").contains("Page 3");
		List<List<String>> all = new ArrayList<>(rows(first));
		all.addAll(rows(second));
		all.addAll(rows(third));
		assertThat(all).doesNotHaveDuplicates().isEqualTo(rows(page("?client=" + this.client.id())));
	}

	@Test
	void theCsvExportHasTheHeaderAndTheRowsOfTheSameFilter() {
		HttpResponse<String> page = page("?client=" + this.client.id() + "&type=access_token.issued&size=1");
		String exportLink = link(page, "export-csv");

		HttpResponse<String> csv = this.admin.get(exportLink);

		assertThat(exportLink).isEqualTo(
				"/console/audit.csv?type=access_token.issued&client=" + this.client.id() + "&size=1");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/csv"));
		assertThat(csv.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"gatehouse-audit.csv\"");
		assertThat(csv.headers().firstValue("Cache-Control")).hasValue("no-store");
		List<String> lines = List.of(csv.body().split("\r\n"));
		assertThat(lines.get(0)).isEqualTo(CSV_HEADER);
		assertThat(lines.subList(1, lines.size())).hasSize(3)
			.allSatisfy((line) -> assertThat(line).contains(",access_token.issued,success," + this.client.id() + ","));
		assertThat(this.issued).allSatisfy((requestId) -> assertThat(csv.body()).contains("," + requestId + ","));
		assertNoSecrets(csv.body());
	}

	@Test
	void theCsvExportOfAClientHoldsAllItsEvents() {
		HttpResponse<String> csv = this.admin.get("/console/audit.csv?client=" + this.client.id());

		assertThat(csv.body().split("\r\n")).hasSize(1 + 7);
		assertThat(csv.body()).contains(",token_request.failed,failure,", ",client_authentication.failed,failure,",
				",client.created,success,");
		assertNoSecrets(csv.body());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/console/audit", "/console/audit.csv" })
	void aUserWithoutTheAdminRoleIsRefused(String path) {
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		browser.signIn(user.username(), user.password());

		HttpResponse<String> response = browser.get(path + "?client=" + this.client.id());

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain(this.client.id());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			a date that is not one      | from=yesterday             | From is not a date and time
			a month 13                  | to=2026-13-01T00:00        | To is not a date and time
			from after to               | from=2026-02-01T00:00&to=2026-01-01T00:00 | must be before its end
			page -1                     | page=-1                    | The page is a number from 0
			a page that is no number    | page=two                   | Page is not a whole number
			size 100000                 | size=100000                | Rows per page is a number from 1 to 200
			an unknown event type       | type=token.stolen          | Unknown event type
			an outcome of neither kind  | outcome=maybe              | The outcome is success or failure
			""")
	void anUnreadableFilterIsAnsweredWithTheMessage(String name, String query, String message) {
		HttpResponse<String> page = page("?" + query);
		HttpResponse<String> csv = this.admin.get("/console/audit.csv?" + query);

		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("id=\"filter-error\"", message, "id=\"from\"")
			.doesNotContain("id=\"audit-events\"", "Whitelabel", "Exception");
		assertThat(csv.statusCode()).isEqualTo(400);
		assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(csv.body()).contains(message).doesNotContain("Whitelabel", "Exception");
	}

	@Test
	void theFiltersAreShownAsEnteredAndEveryInputHasALabel() {
		HttpResponse<String> page = page("?client=" + this.client.id() + "&outcome=success&actor="
				+ URLEncoder.encode("client:" + this.client.id(), StandardCharsets.UTF_8));

		assertThat(page.body()).contains("value=\"" + this.client.id() + "\"",
				"<option value=\"success\" selected=\"selected\">");
		for (String input : List.of("from", "to", "type", "client", "subject", "outcome", "actor", "size")) {
			assertThat(page.body()).contains("<label for=\"" + input + "\"", "id=\"" + input + "\"");
		}
		assertThat(rows(page)).extracting((row) -> row.get(1)).containsOnly("access_token.issued").hasSize(3);
	}

	private HttpResponse<String> page(String query) {
		return this.admin.get("/console/audit" + query);
	}

	/** The cells of the table's rows, tags stripped. */
	private static List<List<String>> rows(HttpResponse<String> page) {
		String body = page.body();
		int table = body.indexOf("id=\"audit-events\"");
		if (table < 0) {
			return List.of();
		}
		String tbody = body.substring(body.indexOf("<tbody>", table), body.indexOf("</tbody>", table));
		List<List<String>> rows = new ArrayList<>();
		Matcher row = ROW.matcher(tbody);
		while (row.find()) {
			List<String> cells = new ArrayList<>();
			Matcher cell = CELL.matcher(row.group(1));
			while (cell.find()) {
				cells.add(cell.group(1).replaceAll("<[^>]+>", "").strip());
			}
			rows.add(cells);
		}
		return rows;
	}

	/** The target of the link with this id, unescaped. */
	private static String link(HttpResponse<String> page, String id) {
		Matcher link = Pattern.compile("<a[^>]*id=\"" + id + "\"[^>]*href=\"([^\"]+)\"").matcher(page.body());
		assertThat(link.find()).as("a link %s on the page", id).isTrue();
		return link.group(1).replace("&amp;", "&");
	}

	private String utcMinute(Duration fromNow) {
		return LocalDateTime.ofInstant(this.clock.instant().plus(fromNow), ZoneOffset.UTC)
			.truncatedTo(ChronoUnit.MINUTES)
			.toString();
	}

	private static void assertNoSecrets(String body) {
		assertThat(NoSecretsInOutput.handled()).isNotEmpty()
			.allSatisfy((secret) -> assertThat(body.contains(secret)).as("a secret or token value in the output")
				.isFalse());
	}

}
