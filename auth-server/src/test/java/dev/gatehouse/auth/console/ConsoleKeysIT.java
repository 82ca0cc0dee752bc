package dev.gatehouse.auth.console;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.auth.audit.AuditEvent;
import dev.gatehouse.auth.keys.KeyState;
import dev.gatehouse.auth.keys.KeyView;
import dev.gatehouse.auth.testing.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The console's keys pages over HTTP through the real chain: every key with its lifecycle, a rotation on demand
 * that publishes the new key in the JWKS at once, a revocation behind a confirmation page that withdraws the key
 * from the JWKS; both audited with the admin as actor. Only keys these tests create are revoked (they are not
 * signing yet), so the keys other tests sign with stay as they are.
 */
class ConsoleKeysIT extends SignedInAdminTest {

	private static final Pattern CREATED = Pattern.compile("Created ((?:es256|rs256|eddsa)-[0-9a-f-]{36})");

	private final List<String> created = new ArrayList<>();

	/** Keys made here never sign: withdrawn before they activate, they leave the other tests' keys as they were. */
	@AfterEach
	void withdrawCreatedKeys() {
		this.created.forEach(this.keyRing::revoke);
	}

	@Test
	void theKeysPageListsEveryKeyAndOffersTheEnabledAlgorithms() {
		HttpResponse<String> page = this.browser.get("/console/keys");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"keys\"", "<label for=\"algorithm\">", "id=\"algorithm\"",
				"<option value=\"ES256\">", "<option value=\"RS256\">", "<option value=\"EdDSA\">", "id=\"rotate-key\"");
		for (KeyView key : this.keyRing.keys()) {
			assertThat(rowOf(page.body(), key.keyId())).contains(key.algorithm().toString(),
					key.state().toString().toLowerCase());
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ES256", "RS256", "EdDSA" })
	void aRotatedKeyIsListedAndPublishedAtOnce(String algorithm) {
		HttpResponse<String> rotated = post("/console/keys/rotate", Map.of("algorithm", algorithm));

		assertThat(Browser.isRedirect(rotated)).isTrue();
		HttpResponse<String> page = this.browser.get(Browser.location(rotated));
		String kid = createdKeyOn(page);
		assertThat(kid).startsWith(algorithm.toLowerCase() + "-");
		assertThat(rowOf(page.body(), kid)).contains(algorithm, ">next<", "/console/keys/" + kid + "/revoke");
		assertThat(this.keyRing.keys()).filteredOn((key) -> key.keyId().equals(kid))
			.extracting(KeyView::state)
			.containsExactly(KeyState.NEXT);
		assertThat(this.http.get("/oauth2/jwks").body()).contains("\"" + kid + "\"");
		assertThat(eventsOf(kid)).extracting(AuditEvent::type, AuditEvent::actor)
			.containsExactly(tuple("key.created", actor()));
	}

	@Test
	void aKeyIsRevokedOnlyAfterAConfirmationThatSaysWhatItBreaks() {
		String kid = rotate("RS256");

		HttpResponse<String> confirm = this.browser.get("/console/keys/" + kid + "/revoke");

		assertThat(confirm.statusCode()).isEqualTo(200);
		assertThat(confirm.body()).contains("class=\"warning\"", "stops being valid",
				"id=\"confirm-revoke\"", "action=\"/console/keys/" + kid + "/revoke\"", "name=\"_csrf\"");
		assertThat(this.http.get("/oauth2/jwks").body()).as("a confirmation page changes nothing").contains(kid);

		HttpResponse<String> revoked = post("/console/keys/" + kid + "/revoke", Map.of());

		assertThat(Browser.isRedirect(revoked)).isTrue();
		HttpResponse<String> page = this.browser.get(Browser.location(revoked));
		assertThat(page.body()).contains("id=\"notice\"", "Revoked " + kid);
		assertThat(rowOf(page.body(), kid)).contains(">revoked<").doesNotContain("/revoke\"");
		assertThat(this.keyRing.keys()).filteredOn((key) -> key.keyId().equals(kid))
			.extracting(KeyView::state)
			.containsExactly(KeyState.REVOKED);
		assertThat(this.http.get("/oauth2/jwks").body()).doesNotContain(kid);
		assertThat(eventsOf(kid)).extracting(AuditEvent::type, AuditEvent::actor)
			.containsExactly(tuple("key.created", actor()), tuple("key.revoked", actor()));
	}

	@Test
	void aRevokedKeyCannotBeRevokedAgain() {
		String kid = rotate("EdDSA");
		post("/console/keys/" + kid + "/revoke", Map.of());

		assertThat(this.browser.get("/console/keys/" + kid + "/revoke").statusCode()).isEqualTo(404);
		assertThat(post("/console/keys/" + kid + "/revoke", Map.of()).statusCode()).isEqualTo(404);
		assertThat(eventsOf(kid)).extracting(AuditEvent::type).containsExactly("key.created", "key.revoked");
	}

	@Test
	void anUnknownKeyIsTheConsolesNotFound() {
		HttpResponse<String> confirm = this.browser.get("/console/keys/es256-no-such-key/revoke");
		HttpResponse<String> revoke = post("/console/keys/es256-no-such-key/revoke", Map.of());

		assertThat(confirm.statusCode()).isEqualTo(404);
		assertThat(revoke.statusCode()).isEqualTo(404);
		assertThat(confirm.body()).contains("There is no unrevoked key").doesNotContain("Whitelabel", "Exception");
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "HS256", "none", "", "es256" })
	void anAlgorithmThatIsNotEnabledIsRefused(String algorithm) {
		int before = this.keyRing.keys().size();

		HttpResponse<String> refused = post("/console/keys/rotate", Map.of("algorithm", algorithm));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("Choose one of the enabled algorithms").doesNotContain("Whitelabel");
		assertThat(this.keyRing.keys()).hasSize(before);
	}

	@Test
	void aPostWithoutItsCsrfTokenIsRefusedAndChangesNoKey() {
		String kid = rotate("ES256");
		int before = this.keyRing.keys().size();

		HttpResponse<String> rotate = this.browser.post("/console/keys/rotate", Map.of("algorithm", List.of("ES256")));
		HttpResponse<String> revoke = this.browser.post("/console/keys/" + kid + "/revoke", Map.of());

		assertThat(rotate.statusCode()).isEqualTo(403);
		assertThat(revoke.statusCode()).isEqualTo(403);
		assertThat(this.keyRing.keys()).hasSize(before);
		assertThat(this.http.get("/oauth2/jwks").body()).contains(kid);
	}

	/** Rotates through the console; the new key's id. */
	private String rotate(String algorithm) {
		HttpResponse<String> rotated = post("/console/keys/rotate", Map.of("algorithm", algorithm));
		assertThat(Browser.isRedirect(rotated)).as("rotation redirects: %s", rotated.statusCode()).isTrue();
		return createdKeyOn(this.browser.get(Browser.location(rotated)));
	}

	private String createdKeyOn(HttpResponse<String> page) {
		int notice = page.body().indexOf("id=\"notice\"");
		assertThat(notice).as("a notice on the keys page").isPositive();
		Matcher named = CREATED.matcher(page.body().substring(notice, page.body().indexOf("</p>", notice)));
		assertThat(named.find()).as("the notice names the new key").isTrue();
		this.created.add(named.group(1));
		return named.group(1);
	}

	/** The key's row in the keys table. */
	private static String rowOf(String page, String kid) {
		int at = page.indexOf(">" + kid + "<");
		assertThat(at).as("%s is listed", kid).isPositive();
		return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
	}

	private List<AuditEvent> eventsOf(String kid) {
		this.audit.awaitQueued();
		return this.audit.ofSubject(kid);
	}

	/** Posts a console form as the browser would: with the CSRF token of a console page. */
}
