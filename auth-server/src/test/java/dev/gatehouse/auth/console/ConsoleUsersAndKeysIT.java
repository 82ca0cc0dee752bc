package dev.gatehouse.auth.console;

import java.net.http.HttpResponse;
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
 * The console's users and keys pages over HTTP through the real chain: a created user signs in with the
 * password shown once; resets, roles and disabling take effect; an admin cannot lock themself out; a key is
 * rotated into the JWKS and revoked out of it; every change is audited with the admin as actor.
 */
class ConsoleUsersAndKeysIT extends SignedInAdminTest {

	private static final Pattern PASSWORD = Pattern.compile("id=\"user-password\">([^<]+)<");

	@Test
	void aUserCreatedInTheConsoleSignsInWithThePasswordShownOnce() {
		String username = "console-" + UUID.randomUUID().toString().substring(0, 8);

		HttpResponse<String> created = post("/console/users", Map.of("username", username, "roles", "user"));

		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(created.body()).contains("shown only this once");
		String password = passwordOn(created);
		assertThat(signsIn(username, password)).isTrue();
		String userId = this.users.findByUsername(username).orElseThrow().id();
		assertThat(this.audit.ofSubject(userId)).extracting(AuditEvent::type, AuditEvent::actor)
			.containsExactly(tuple("user.created", "user:" + this.admin.username()), tuple("login.succeeded",
					"user:" + username));
	}

	@Test
	void anInvalidUsernameIsShownNextToTheField() {
		HttpResponse<String> refused = post("/console/users", Map.of("username", "no spaces allowed", "roles", "user"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("class=\"field-error\"", "a username is 1 to 100 characters");
	}

	@Test
	void resetRolesAndDisableTakeEffect() {
		TestUser user = newUser("user");

		String fresh = passwordOn(post("/console/users/" + user.username() + "/password", Map.of()));
		post("/console/users/" + user.username() + "/roles", Map.of("roles", "user auditor"));

		assertThat(signsIn(user.username(), user.password())).as("the old password").isFalse();
		assertThat(signsIn(user.username(), fresh)).isTrue();
		assertThat(this.users.findByUsername(user.username()).orElseThrow().roles()).containsExactlyInAnyOrder("user",
				"auditor");
		post("/console/users/" + user.username() + "/disable", Map.of());
		assertThat(signsIn(user.username(), fresh)).as("disabled").isFalse();
		assertThat(this.browser.get("/console/users").body()).contains(user.username(), "disabled");
	}

	@Test
	void anAdminCannotLockThemselfOut() {
		HttpResponse<String> disable = post("/console/users/" + this.admin.username() + "/disable", Map.of());
		HttpResponse<String> demote = post("/console/users/" + this.admin.username() + "/roles", Map.of("roles", "user"));

		assertThat(disable.statusCode()).isEqualTo(400);
		assertThat(disable.body()).contains("cannot disable yourself");
		assertThat(demote.statusCode()).isEqualTo(400);
		assertThat(this.users.findByUsername(this.admin.username()).orElseThrow().enabled()).isTrue();
		assertThat(this.users.findByUsername(this.admin.username()).orElseThrow().roles()).contains("admin");
	}

	@Test
	void anAdminDemotedOrDisabledWhileSignedInLosesTheConsoleAtTheNextRequest() {
		TestUser demoted = newUser("admin");
		TestUser disabled = newUser("admin");
		Browser demotedBrowser = new Browser(ISSUER);
		demotedBrowser.signIn(demoted.username(), demoted.password());
		Browser disabledBrowser = new Browser(ISSUER);
		disabledBrowser.signIn(disabled.username(), disabled.password());
		assertThat(demotedBrowser.get("/console").statusCode()).isEqualTo(200);
		assertThat(disabledBrowser.get("/console").statusCode()).isEqualTo(200);

		post("/console/users/" + demoted.username() + "/roles", Map.of("roles", "user"));
		post("/console/users/" + disabled.username() + "/disable", Map.of());

		assertThat(demotedBrowser.get("/console").statusCode()).isEqualTo(403);
		assertThat(disabledBrowser.get("/console/clients").statusCode()).isEqualTo(403);
	}

	@Test
	void aKeyIsRotatedIntoTheJwksAndRevokedOutOfIt() {
		HttpResponse<String> rotated = post("/console/keys/rotate", Map.of("algorithm", "RS256"));
		String notice = this.browser.get(Browser.location(rotated)).body();
		Matcher created = Pattern.compile("Created (rs256-[0-9a-f-]+)").matcher(notice);
		assertThat(created.find()).as("the notice after the redirect names the new key").isTrue();
		String kid = created.group(1);

		assertThat(this.browser.get("/console/keys").body()).contains(kid);
		assertThat(this.http.get("/oauth2/jwks").body()).contains(kid);
		assertThat(this.browser.get("/console/keys/" + kid + "/revoke").body()).contains("stops being valid");
		post("/console/keys/" + kid + "/revoke", Map.of());

		assertThat(this.http.get("/oauth2/jwks").body()).doesNotContain(kid);
		assertThat(this.audit.ofSubject(kid)).extracting(AuditEvent::type).containsExactly("key.created", "key.revoked");
		assertThat(this.browser.get("/console/keys/" + kid + "/revoke").statusCode()).isEqualTo(404);
	}

	@Test
	void anUnknownUserOrKeyIsTheConsolesNotFound() {
		assertThat(post("/console/users/nobody-" + UUID.randomUUID() + "/disable", Map.of()).statusCode()).isEqualTo(404);
		assertThat(this.browser.get("/console/keys/no-such-kid/revoke").statusCode()).isEqualTo(404);
		assertThat(post("/console/keys/rotate", Map.of("algorithm", "HS256")).statusCode()).isEqualTo(400);
	}

	private boolean signsIn(String username, String password) {
		HttpResponse<String> response = new Browser(ISSUER).signIn(username, password);
		return !Browser.location(response).contains("error");
	}

	private static String passwordOn(HttpResponse<String> page) {
		Matcher matcher = PASSWORD.matcher(page.body());
		assertThat(matcher.find()).as("a password on the page: %s", page.body()).isTrue();
		return NoSecretsInOutput.remember(matcher.group(1));
	}

}
