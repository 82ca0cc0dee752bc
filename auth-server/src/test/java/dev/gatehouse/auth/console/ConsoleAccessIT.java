package dev.gatehouse.auth.console;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.gatehouse.auth.UserFlowTest;
import dev.gatehouse.auth.testing.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may enter the console, over HTTP through the real chain: nobody anonymous, no signed-in user without the
 * role admin, no form post without its CSRF token; and what every console page says about itself in headers.
 */
class ConsoleAccessIT extends UserFlowTest {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/console", "/console/clients", "/console/clients/new", "/console/users",
			"/console/keys", "/console/audit", "/console/audit.csv" })
	void anAnonymousRequestIsSentToSignIn(String page) {
		HttpResponse<String> response = new Browser(ISSUER).get(page);

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(Browser.location(response)).isEqualTo(ISSUER + "/login");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/console", "/console/clients", "/console/clients/new", "/console/users",
			"/console/keys", "/console/audit", "/console/audit.csv" })
	void aUserWithoutTheAdminRoleIsRefused(String page) {
		Browser browser = signedIn(newUser("user"));

		HttpResponse<String> response = browser.get(page);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("Administrators only").doesNotContain("Dashboard</h1>");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/console/clients", "/console/users", "/console/keys/rotate" })
	void aUserWithoutTheAdminRoleCannotPostEither(String action) {
		Browser browser = signedIn(newUser("user"));
		String csrf = Browser.csrf(browser.get("/account").body());

		HttpResponse<String> response = browser.post(action, Map.of("_csrf", List.of(csrf)));

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void anAdminSeesTheDashboardWithStrictHeaders() {
		Browser browser = signedIn(newUser("admin"));

		HttpResponse<String> dashboard = browser.get("/console");

		assertThat(dashboard.statusCode()).isEqualTo(200);
		assertThat(dashboard.body()).contains("Dashboard</h1>", "Tokens issued per hour", "<svg");
		assertThat(dashboard.headers().firstValue("Content-Security-Policy")).hasValueSatisfying((csp) -> assertThat(csp)
			.contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe-inline"));
		assertThat(dashboard.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(dashboard.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(dashboard.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(cache) -> assertThat(cache).contains("no-store"));
	}

	@Test
	void aPostWithoutItsCsrfTokenIsRefused() {
		Browser browser = signedIn(newUser("admin"));

		HttpResponse<String> response = browser.post("/console/keys/rotate", Map.of("algorithm", List.of("ES256")));

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void anUnknownConsolePageIsTheConsolesOwnNotFound() {
		Browser browser = signedIn(newUser("admin"));

		HttpResponse<String> response = browser.get("/console/no-such-page");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("There is no such page").doesNotContain("Whitelabel", "Exception");
	}

	private Browser signedIn(TestUser user) {
		Browser browser = new Browser(ISSUER);
		browser.signIn(user.username(), user.password());
		return browser;
	}

}
