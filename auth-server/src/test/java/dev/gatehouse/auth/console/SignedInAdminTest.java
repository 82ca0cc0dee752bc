package dev.gatehouse.auth.console;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.gatehouse.auth.UserFlowTest;
import dev.gatehouse.auth.audit.JdbcAuditLog;
import dev.gatehouse.auth.testing.Browser;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base of the console's HTTP tests: before each test a fresh admin signs in through the sign-in form in a
 * cookie-keeping browser, and posts carry the page's CSRF token as a browser's forms would.
 */
abstract class SignedInAdminTest extends UserFlowTest {

	@Autowired
	protected JdbcAuditLog audit;

	protected TestUser admin;

	protected Browser browser;

	@BeforeEach
	void signInAsAdmin() {
		this.admin = newUser("admin");
		this.browser = new Browser(ISSUER);
		this.browser.signIn(this.admin.username(), this.admin.password());
	}

	/** The actor the audit trail names for what this admin does in the console. */
	protected String actor() {
		return "user:" + this.admin.username();
	}

	/** A form post with one value per field and the session's CSRF token. */
	protected HttpResponse<String> post(String path, Map<String, String> fields) {
		Map<String, List<String>> form = new HashMap<>();
		fields.forEach((name, value) -> form.put(name, List.of(value)));
		return postForm(path, form);
	}

	/** A form post with the session's CSRF token (fields may repeat, as checkboxes do). */
	protected HttpResponse<String> postForm(String path, Map<String, List<String>> form) {
		Map<String, List<String>> withToken = new HashMap<>(form);
		withToken.put("_csrf", List.of(Browser.csrf(this.browser.get("/console").body())));
		return this.browser.post(path, withToken);
	}

}
