package dev.gatehouse.auth.console;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.auth.audit.AuditEvent;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The console's users pages over HTTP through the real chain: a user created in the console signs in with the
 * password shown once; bad input comes back next to its field; a reset password replaces the old one; roles
 * and disabling take effect at sign-in; an admin cannot lock themself out; every change is audited with the
 * admin as actor.
 */
class ConsoleUsersIT extends SignedInAdminTest {

	private static final Pattern PASSWORD = Pattern.compile("id=\"user-password\">([^<]+)<");

	@Test
	void theNewUserFormLabelsEveryFieldAndSuggestsTheUserRole() {
		HttpResponse<String> form = this.browser.get("/console/users/new");

		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("<label for=\"username\">", "id=\"username\"", "<label for=\"roles\">",
				"id=\"roles\" name=\"roles\" value=\"user\"", "id=\"create-user\"", "name=\"_csrf\"");
	}

	@Test
	void aUserCreatedInTheConsoleSignsInWithThePasswordShownOnce() {
		String username = newUsername();

		HttpResponse<String> created = post("/console/users", Map.of("username", username, "roles", "user"));

		assertThat(created.statusCode()).isEqualTo(200);
		assertNotCached(created);
		assertThat(created.body()).contains("shown only this once", "data-copy=\"user-password\"");
		String password = passwordOn(created);
		assertThat(signsIn(username, password)).isTrue();
		assertThat(this.browser.get("/console/users").body()).contains("id=\"users\"", ">" + username + "<")
			.doesNotContain(password);
		assertThat(eventsOf(username)).extracting(AuditEvent::type, AuditEvent::actor)
			.contains(tuple("user.created", actor()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidNewUsers")
	void invalidInputIsShownNextToTheFieldWith400(String what, String username, String roles, String message) {
		HttpResponse<String> refused = post("/console/users", Map.of("username", username, "roles", roles));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("class=\"field-error\"", message, "id=\"create-user\"")
			.doesNotContain("id=\"user-password\"", "Whitelabel", "Exception");
	}

	static List<Arguments> invalidNewUsers() {
		return List.of(Arguments.of("a space in the username", "no spaces allowed", "user", "1 to 100 characters"),
				Arguments.of("an empty username", "", "user", "1 to 100 characters"),
				Arguments.of("a username too long", "x".repeat(101), "user", "1 to 100 characters"),
				Arguments.of("a role that is not a lower-case word", newUsername(), "Admin!", "a role is a lower-case word"));
	}

	@Test
	void aTakenUsernameIsRefusedNextToTheFieldWith400() {
		TestUser taken = newUser("user");

		HttpResponse<String> refused = post("/console/users", Map.of("username", taken.username(), "roles", "user"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("class=\"field-error\"", "is taken").doesNotContain("id=\"user-password\"");
		assertThat(signsIn(taken.username(), taken.password())).as("the existing user keeps their password").isTrue();
	}

	@Test
	void aResetPasswordIsShownOnceWorksAndTheOldOneNoLongerDoes() {
		TestUser user = newUser("user");

		HttpResponse<String> reset = post("/console/users/" + user.username() + "/password", Map.of());

		assertThat(reset.statusCode()).isEqualTo(200);
		assertNotCached(reset);
		assertThat(reset.body()).contains("shown only this once");
		String fresh = passwordOn(reset);
		assertThat(fresh).isNotEqualTo(user.password());
		assertThat(signsIn(user.username(), user.password())).as("the old password").isFalse();
		assertThat(signsIn(user.username(), fresh)).as("the new password").isTrue();
		assertThat(eventsOf(user.username())).extracting(AuditEvent::type, AuditEvent::actor)
			.contains(tuple("user.password_reset", actor()));
	}

	@Test
	void rolesSetInTheConsoleDecideWhatTheUserMayDo() {
		TestUser user = newUser("user");
		Browser theirs = new Browser(ISSUER);

		HttpResponse<String> set = post("/console/users/" + user.username() + "/roles", Map.of("roles", " user  admin "));

		assertThat(Browser.isRedirect(set)).isTrue();
		assertThat(Browser.location(set)).endsWith("/console/users");
		assertThat(this.browser.get(Browser.location(set)).body()).contains("id=\"notice\"", user.username() + ": roles set");
		assertThat(this.browser.get("/console/users").body()).as("a notice is shown once").doesNotContain("id=\"notice\"");
		assertThat(this.browser.get("/console/users?done=Your+account+is+compromised").body())
			.as("a link cannot put words in the console's mouth")
			.doesNotContain("compromised");
		assertThat(this.users.findByUsername(user.username()).orElseThrow().roles()).containsExactlyInAnyOrder("user",
				"admin");
		theirs.signIn(user.username(), user.password());
		assertThat(theirs.get("/console").statusCode()).as("the new admin enters the console").isEqualTo(200);
		AuditEvent changed = eventsOf(user.username()).stream()
			.filter((event) -> event.type().equals("user.roles_changed"))
			.findFirst()
			.orElseThrow();
		assertThat(changed.actor()).isEqualTo(actor());
		assertThat(changed.detail()).contains("admin");
	}

	@Test
	void invalidRolesAreRefusedAndChangeNothing() {
		TestUser user = newUser("user");

		HttpResponse<String> refused = post("/console/users/" + user.username() + "/roles", Map.of("roles", "Root!"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("a role is a lower-case word").doesNotContain("Whitelabel", "Exception");
		assertThat(this.users.findByUsername(user.username()).orElseThrow().roles()).containsExactly("user");
	}

	@Test
	void aDisabledUserCannotSignInUntilEnabledAgain() {
		TestUser user = newUser("user");

		HttpResponse<String> disabled = post("/console/users/" + user.username() + "/disable", Map.of());

		assertThat(Browser.isRedirect(disabled)).isTrue();
		assertThat(signsIn(user.username(), user.password())).as("disabled").isFalse();
		assertThat(rowOf(user.username())).contains("badge off", "disabled", "/enable");
		post("/console/users/" + user.username() + "/enable", Map.of());
		assertThat(signsIn(user.username(), user.password())).as("enabled again").isTrue();
		assertThat(rowOf(user.username())).contains("badge ok", "/disable");
		assertThat(eventsOf(user.username())).extracting(AuditEvent::type, AuditEvent::actor)
			.contains(tuple("user.disabled", actor()), tuple("user.enabled", actor()));
	}

	@Test
	void anAdminCannotDisableThemself() {
		HttpResponse<String> refused = post("/console/users/" + this.admin.username() + "/disable", Map.of());

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("cannot disable yourself");
		assertThat(this.users.findByUsername(this.admin.username()).orElseThrow().enabled()).isTrue();
		assertThat(this.browser.get("/console/users").statusCode()).as("still in the console").isEqualTo(200);
	}

	@ParameterizedTest(name = "roles \"{0}\"")
	@ValueSource(strings = { "user", "", "auditor" })
	void anAdminCannotTakeAwayTheirOwnAdminRole(String roles) {
		HttpResponse<String> refused = post("/console/users/" + this.admin.username() + "/roles", Map.of("roles", roles));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("cannot take away your own admin role");
		assertThat(this.users.findByUsername(this.admin.username()).orElseThrow().roles()).contains("admin");
		assertThat(this.browser.get("/console/users").statusCode()).as("still in the console").isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "disable", "enable", "password", "roles" })
	void anUnknownUserIsTheConsolesNotFound(String action) {
		HttpResponse<String> missing = post("/console/users/nobody-" + UUID.randomUUID() + "/" + action,
				Map.of("roles", "user"));

		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("There is no user").doesNotContain("id=\"user-password\"", "Whitelabel");
	}

	@Test
	void aPostWithoutItsCsrfTokenIsRefusedAndCreatesNobody() {
		String username = newUsername();
		TestUser user = newUser("user");

		HttpResponse<String> create = this.browser.post("/console/users",
				Map.of("username", List.of(username), "roles", List.of("user")));
		HttpResponse<String> reset = this.browser.post("/console/users/" + user.username() + "/password", Map.of());

		assertThat(create.statusCode()).isEqualTo(403);
		assertThat(reset.statusCode()).isEqualTo(403);
		assertThat(reset.body()).doesNotContain("id=\"user-password\"");
		assertThat(this.users.findByUsername(username)).isEmpty();
		assertThat(signsIn(user.username(), user.password())).as("the password is unchanged").isTrue();
	}

	@Test
	void aUserWithoutTheAdminRoleCannotChangeUsers() {
		TestUser user = newUser("user");
		TestUser victim = newUser("user");
		Browser theirs = new Browser(ISSUER);
		theirs.signIn(user.username(), user.password());
		String csrf = Browser.csrf(theirs.get("/account").body());

		HttpResponse<String> refused = theirs.post("/console/users/" + victim.username() + "/disable",
				Map.of("_csrf", List.of(csrf)));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(this.users.findByUsername(victim.username()).orElseThrow().enabled()).isTrue();
	}

	private static String newUsername() {
		return "console-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private List<AuditEvent> eventsOf(String username) {
		this.audit.awaitQueued();
		return this.audit.ofSubject(this.users.findByUsername(username).orElseThrow().id());
	}

	/** The user's row in the users table. */
	private String rowOf(String username) {
		String page = this.browser.get("/console/users").body();
		int at = page.indexOf(">" + username + "<");
		assertThat(at).as("%s is listed", username).isPositive();
		return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
	}

	/** Signs in with a fresh browser: sent on to the account page, or back to the sign-in form with an error. */
	private boolean signsIn(String username, String password) {
		String location = Browser.location(new Browser(ISSUER).signIn(username, password));
		assertThat(location).as("where sign-in sends the browser").matches(".*/(account|login\\?error)$");
		return location.endsWith("/account");
	}

	/** Posts a console form as the browser would: with the CSRF token of a console page. */
	private static void assertNotCached(HttpResponse<String> page) {
		assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(cache) -> assertThat(cache).contains("no-store"));
	}

	private static String passwordOn(HttpResponse<String> page) {
		Matcher matcher = PASSWORD.matcher(page.body());
		assertThat(matcher.find()).as("a password on the page").isTrue();
		return NoSecretsInOutput.remember(matcher.group(1));
	}

}
