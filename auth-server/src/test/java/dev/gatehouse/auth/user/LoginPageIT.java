package dev.gatehouse.auth.user;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.auth.GatehouseHttpTest;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in page over HTTP, as a browser uses it: cookies, the CSRF token from the form, redirects read
 * one by one.
 */
class LoginPageIT extends GatehouseHttpTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Autowired
	JdbcUserStore users;

	private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

	@Test
	void signInWithTheRightPasswordThenAccountPageAndSessionIdChanges() throws Exception {
		String password = newUser("alice", "admin");
		HttpResponse<String> form = get("/login");
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
		String sessionBefore = sessionId(form);

		HttpResponse<String> signedIn = post("/login", "username=" + this.username + "&password=" + encode(password)
				+ "&_csrf=" + csrf(form));

		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/account");
		assertThat(sessionId(signedIn)).as("a new session id at sign-in").isNotEqualTo(sessionBefore);
		HttpResponse<String> account = get("/account");
		assertThat(account.body()).contains(this.username).contains("admin");
		assertThat(this.users.findByUsername(this.username).orElseThrow().lastLoginAt()).isNotNull();
	}

	@Test
	void signInWithAWrongPasswordOrUnknownUserThenTheSameGenericError() throws Exception {
		newUser("bob", "user");

		HttpResponse<String> wrongPassword = post("/login",
				"username=" + this.username + "&password=nope-nope-nope&_csrf=" + csrf(get("/login")));
		HttpResponse<String> unknownUser = post("/login",
				"username=nobody-" + UUID.randomUUID() + "&password=nope-nope-nope&_csrf=" + csrf(get("/login")));

		assertThat(wrongPassword.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
		assertThat(unknownUser.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
		assertThat(get("/login?error").body()).contains("Wrong username or password.");
		assertThat(get("/account").statusCode()).isEqualTo(302);
	}

	@Test
	void signInWithoutCsrfTokenIsRefused() throws Exception {
		String password = newUser("carol", "user");
		get("/login");

		HttpResponse<String> forged = post("/login", "username=" + this.username + "&password=" + encode(password));

		assertThat(forged.statusCode()).isEqualTo(302);
		assertThat(forged.headers().firstValue("Location").orElseThrow()).endsWith("/login?expired");
		assertThat(get("/account").statusCode()).as("not signed in").isEqualTo(302);
	}

	@Test
	void tooManyFailuresForAUsernameThen429EvenWithTheRightPassword() throws Exception {
		String password = newUser("dave", "user");
		for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_USERNAME; i++) {
			post("/login", "username=" + this.username + "&password=wrong-" + i + "-xxxxxx&_csrf=" + csrf(get("/login")));
		}

		HttpResponse<String> throttled = post("/login",
				"username=" + this.username + "&password=" + encode(password) + "&_csrf=" + csrf(get("/login")));

		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
		assertThat(throttled.body()).contains("Too many failed sign-ins");
		assertThat(get("/account").statusCode()).as("not signed in").isEqualTo(302);
	}

	@Test
	void aSuccessfulSignInStartsTheUsernameCountAfresh() throws Exception {
		String password = newUser("frank", "user");
		for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_USERNAME - 1; i++) {
			post("/login", "username=" + this.username + "&password=wrong-" + i + "-xxxxxx&_csrf=" + csrf(get("/login")));
		}
		post("/login", "username=" + this.username + "&password=" + encode(password) + "&_csrf=" + csrf(get("/login")));
		post("/logout", "_csrf=" + csrf(get("/account")));

		post("/login", "username=" + this.username + "&password=wrong-again-xxxxxx&_csrf=" + csrf(get("/login")));
		HttpResponse<String> again = post("/login",
				"username=" + this.username + "&password=" + encode(password) + "&_csrf=" + csrf(get("/login")));

		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("/account");
	}

	@Test
	void spacesAroundTheUsernameDoNotEscapeTheLimit() throws Exception {
		String password = newUser("gina", "user");
		for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_USERNAME; i++) {
			post("/login", "username=" + encode(" " + this.username) + "&password=wrong-" + i + "-xxxxxx&_csrf="
					+ csrf(get("/login")));
		}

		HttpResponse<String> padded = post("/login",
				"username=" + encode(this.username + " ") + "&password=" + encode(password) + "&_csrf=" + csrf(get("/login")));

		assertThat(padded.statusCode()).isEqualTo(429);
	}

	@Test
	void undecodablePasswordIsRefusedAndNeverLogged() throws Exception {
		String password = newUser("hank", "user");

		HttpResponse<String> response = post("/login",
				"username=" + this.username + "&password=" + password + "%zz&_csrf=" + csrf(get("/login")));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).doesNotContain(password);
	}

	@Test
	void signOutEndsTheSession() throws Exception {
		String password = newUser("erin", "user");
		post("/login", "username=" + this.username + "&password=" + encode(password) + "&_csrf=" + csrf(get("/login")));
		HttpResponse<String> account = get("/account");
		assertThat(account.statusCode()).isEqualTo(200);

		HttpResponse<String> signedOut = post("/logout", "_csrf=" + csrf(account));

		assertThat(signedOut.headers().firstValue("Location").orElseThrow()).endsWith("/login?signed-out");
		assertThat(get("/account").statusCode()).isEqualTo(302);
	}

	private String username;

	private String newUser(String name, String role) {
		this.username = name + "-" + UUID.randomUUID().toString().substring(0, 8);
		Password password = Password.generate();
		NoSecretsInOutput.remember(password.reveal());
		this.users.create(this.username, Set.of(role), password);
		return password.reveal();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.browser.send(HttpRequest.newBuilder(URI.create(ISSUER + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String form) throws Exception {
		return this.browser.send(HttpRequest.newBuilder(URI.create(ISSUER + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String sessionId(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("JSESSIONID="))
			.map((cookie) -> cookie.substring(0, cookie.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie set"));
	}

	private static String csrf(HttpResponse<String> page) {
		Matcher matcher = CSRF.matcher(page.body());
		assertThat(matcher.find()).as("a CSRF token in the form").isTrue();
		return encode(matcher.group(1));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
