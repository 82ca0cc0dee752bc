package dev.gatehouse.auth.console;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.auth.audit.AuditEvent;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The console's client pages over HTTP through the real chain: create (the secret shown once, usable at the
 * token endpoint), validation next to the fields, edit, secret rotation with an overlap, disable, refresh token
 * revocation, deletion; every change audited with the admin as actor.
 */
class ConsoleClientsIT extends SignedInAdminTest {

	private static final Pattern SECRET = Pattern.compile("id=\"client-secret\">([^<]+)<");

	@Test
	void aCreatedClientsSecretIsShownOnceAndWorksAtTheTokenEndpoint() {
		String id = "console-" + UUID.randomUUID();

		HttpResponse<String> created = createClient(id, "read:reports");

		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(created.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(cache) -> assertThat(cache).contains("no-store"));
		assertThat(created.body()).contains("shown only this once", "curl -u");
		String secret = secretOn(created);
		assertThat(this.http.token(id, secret, "read:reports").status()).isEqualTo(200);
		String page = this.browser.get("/console/clients/" + id).body();
		assertThat(page).contains(id).doesNotContain(secret);
		Matcher today = Pattern.compile("id=\"issued-per-day\"[\\s\\S]*?<td>(\\d+)</td></tr></tbody>").matcher(page);
		assertThat(today.find()).isTrue();
		assertThat(today.group(1)).as("tokens issued today").isEqualTo("1");
		assertThat(this.audit.ofClient(id)).extracting(AuditEvent::type, AuditEvent::actor)
			.contains(tuple("client.created", "user:" + this.admin.username()));
	}

	@Test
	void invalidFieldsAreShownNextToTheFieldsWithoutCreatingAnything() {
		Map<String, List<String>> form = clientForm("bad id with spaces", "read:reports");
		form.put("accessTokenLifetime", List.of("forever"));
		form.put("redirectUris", List.of("http://evil.example/callback"));

		HttpResponse<String> refused = postForm("/console/clients", form);

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("1 to 100 characters of A-Z", "A number and a unit",
				"http only on loopback", "class=\"field-error\"");
		assertThat(this.registry.findById("bad id with spaces")).isEmpty();
	}

	@Test
	void aDuplicateClientIdIsRefusedOnTheForm() {
		String id = "console-" + UUID.randomUUID();
		createClient(id, "read:reports");

		HttpResponse<String> again = createClient(id, "read:reports");

		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).contains("A client with this id exists already");
	}

	@Test
	void editingChangesWhatTheClientMayAskFor() {
		String id = "console-" + UUID.randomUUID();
		String secret = secretOn(createClient(id, "read:reports"));
		Map<String, List<String>> form = clientForm(id, "read:reports write:reports");

		HttpResponse<String> saved = postForm("/console/clients/" + id + "/edit", form);

		assertThat(Browser.location(saved)).endsWith("/console/clients/" + id + "?updated");
		assertThat(this.http.token(id, secret, "write:reports").status()).isEqualTo(200);
	}

	@Test
	void aRotatedSecretWorksAlongsideThePreviousOneDuringTheOverlap() {
		String id = "console-" + UUID.randomUUID();
		String first = secretOn(createClient(id, "read:reports"));

		HttpResponse<String> rotated = postForm("/console/clients/" + id + "/secret",
				new HashMap<>(Map.of("overlapHours", List.of("24"))));
		String second = secretOn(rotated);

		assertThat(second).isNotEqualTo(first);
		assertThat(this.http.token(id, first, "read:reports").status()).isEqualTo(200);
		assertThat(this.http.token(id, second, "read:reports").status()).isEqualTo(200);
		String third = secretOn(postForm("/console/clients/" + id + "/secret", new HashMap<>(Map.of("overlapHours", List.of("0")))));
		assertThat(this.http.token(id, second, "read:reports").status()).as("no overlap: the previous one ends").isEqualTo(401);
		assertThat(this.http.token(id, third, "read:reports").status()).isEqualTo(200);
		assertThat(postForm("/console/clients/" + id + "/secret", new HashMap<>(Map.of("overlapHours", List.of("nine")))).statusCode())
			.isEqualTo(400);
	}

	@Test
	void aDisabledClientCannotGetTokensUntilEnabledAgain() {
		String id = "console-" + UUID.randomUUID();
		String secret = secretOn(createClient(id, "read:reports"));

		postForm("/console/clients/" + id + "/disable", new HashMap<>());

		assertThat(this.http.token(id, secret, "read:reports").status()).isEqualTo(401);
		assertThat(this.browser.get("/console/clients/" + id).body()).contains("disabled");
		postForm("/console/clients/" + id + "/enable", new HashMap<>());
		assertThat(this.http.token(id, secret, "read:reports").status()).isEqualTo(200);
	}

	@Test
	void aRefreshTokenFamilyCanBeRevokedFromTheClientPage() {
		TestClient app = newPublicClient();
		Map<String, Object> tokens = tokensFor(app, newUser("user"), "read:reports");
		String page = this.browser.get("/console/clients/" + app.id()).body();
		assertThat(page).contains("id=\"refresh-tokens\"").doesNotContain(tokens.get("refresh_token").toString());
		Matcher revoke = Pattern.compile("action=\"(/console/clients/[^\"]+/tokens/[^\"]+/revoke)\"").matcher(page);
		assertThat(revoke.find()).isTrue();

		postForm(revoke.group(1), new HashMap<>());

		assertThat(refresh(app, tokens.get("refresh_token").toString()).json()).containsEntry("error", "invalid_grant");
		assertThat(this.browser.get("/console/clients/" + app.id()).body()).contains("id=\"no-refresh-tokens\"");
	}

	@Test
	void revokeEverythingEndsEveryFamilyOfTheClient() {
		TestClient app = newPublicClient();
		Map<String, Object> first = tokensFor(app, newUser("user"), "read:reports");
		Map<String, Object> second = tokensFor(app, newUser("user"), "read:reports");

		postForm("/console/clients/" + app.id() + "/tokens/revoke-all", new HashMap<>());

		assertThat(refresh(app, first.get("refresh_token").toString()).status()).isEqualTo(400);
		assertThat(refresh(app, second.get("refresh_token").toString()).status()).isEqualTo(400);
	}

	@Test
	void deletionAsksFirstThenRemovesTheClient() {
		String id = "console-" + UUID.randomUUID();
		String secret = secretOn(createClient(id, "read:reports"));

		assertThat(this.browser.get("/console/clients/" + id + "/delete").body()).contains("cannot be undone");
		HttpResponse<String> deleted = postForm("/console/clients/" + id + "/delete", new HashMap<>());

		assertThat(Browser.location(deleted)).endsWith("/console/clients?deleted=" + id);
		assertThat(this.http.token(id, secret, "read:reports").status()).isEqualTo(401);
		assertThat(this.browser.get("/console/clients/" + id).statusCode()).isEqualTo(404);
		assertThat(this.audit.ofClient(id)).extracting(AuditEvent::type).contains("client.deleted");
	}

	@Test
	void theListSearchesAndPages() {
		String prefix = "paged-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 22; i++) {
			createClient(prefix + "-" + String.format("%02d", i), "read:reports");
		}

		String first = this.browser.get("/console/clients?q=" + prefix).body();
		String second = this.browser.get("/console/clients?q=" + prefix + "&page=1").body();

		assertThat(first).contains(prefix + "-00", prefix + "-19", "id=\"next-page\"").doesNotContain(prefix + "-20");
		assertThat(second).contains(prefix + "-20", prefix + "-21").doesNotContain(prefix + "-19\"");
		assertThat(this.browser.get("/console/clients?q=no-such-client-" + UUID.randomUUID()).body()).contains("No clients match");
	}

	@Test
	void anUnknownClientIsTheConsolesNotFoundPage() {
		HttpResponse<String> missing = this.browser.get("/console/clients/nobody-" + UUID.randomUUID());

		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("There is no client");
	}

	private HttpResponse<String> createClient(String id, String scopes) {
		return postForm("/console/clients", clientForm(id, scopes));
	}

	private Map<String, List<String>> clientForm(String id, String scopes) {
		Map<String, List<String>> form = new HashMap<>();
		form.put("clientId", List.of(id));
		form.put("name", List.of("Console test client"));
		form.put("grantTypes", List.of("client_credentials"));
		form.put("scopes", List.of(scopes));
		form.put("audiences", List.of(TEST_AUDIENCE));
		return form;
	}

	private static String secretOn(HttpResponse<String> page) {
		Matcher matcher = SECRET.matcher(page.body());
		assertThat(matcher.find()).as("a secret on the page: %s", page.body()).isTrue();
		return NoSecretsInOutput.remember(matcher.group(1));
	}

}
