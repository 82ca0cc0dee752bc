package dev.gatehouse.auth.console;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.auth.UserFlowTest;
import dev.gatehouse.auth.audit.AuditEvent;
import dev.gatehouse.auth.audit.JdbcAuditLog;
import dev.gatehouse.auth.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real browser (headless Chromium): what an admin sees and does on each page, and what it
 * changes at the protocol endpoints. Every page visited is checked against the console's CSP (see
 * {@link ConsoleBrowser}); screenshots land in {@code target/screenshots} for a person to look at.
 */
class ConsoleBrowserIT extends UserFlowTest {

	private static ConsoleBrowser browser;

	@Autowired
	JdbcAuditLog audit;

	private TestUser admin;

	@BeforeAll
	static void startBrowser() {
		if (ConsoleBrowser.installed()) {
			browser = ConsoleBrowser.start(ISSUER);
		}
	}

	@AfterAll
	static void quitBrowser() {
		if (browser != null) {
			browser.consoleMessages().forEach((message) -> System.out.println("Browser console: " + message));
			browser.close();
		}
	}

	@BeforeEach
	void signInAsAdmin() {
		assumeTrue(browser != null, "Chromium or chromedriver is missing: " + ConsoleBrowser.INSTALL);
		this.admin = newUser("admin");
		browser.signIn(this.admin.username(), this.admin.password());
	}

	@Test
	void signingInThroughTheFormOpensTheDashboard() {
		TestClient client = newClient();
		assertThat(this.http.token(client.id(), client.secret(), "read:reports").status()).isEqualTo(200);
		this.audit.awaitQueued();

		browser.open("/console");

		assertThat(Long.parseLong(browser.text("stat-clients"))).isPositive();
		assertThat(Long.parseLong(browser.text("stat-hour"))).as("tokens issued in the last hour").isPositive();
		assertThat(browser.all(By.cssSelector("svg.chart rect.bar"))).hasSize(24)
			.anySatisfy((bar) -> assertThat(Integer.parseInt(bar.getAttribute("height"))).isPositive());
		assertThat(browser.all(By.cssSelector("header.top nav a[aria-current=page]"))).singleElement()
			.extracting(WebElement::getText).isEqualTo("Dashboard");
		assertThat(browser.all(By.cssSelector("header.top .signout span"))).singleElement()
			.extracting(WebElement::getText).isEqualTo(this.admin.username());
		browser.screenshot("dashboard");
		assertThat(this.audit.ofSubject(this.admin.id())).extracting(AuditEvent::type).contains("login.succeeded");
	}

	@Test
	void aClientCreatedThroughTheFormGetsTokensWithTheSecretShownOnce() {
		String id = "browser-" + UUID.randomUUID();

		String secret = createClient(id);

		assertThat(browser.text("curl-command")).startsWith("curl -u '" + id + ":")
			.contains("-d grant_type=client_credentials", "scope='read:reports'", ISSUER + "/oauth2/token");
		browser.screenshot("client-secret");
		assertThat(this.http.token(id, secret, "read:reports").status()).isEqualTo(200);
		browser.submit("done");
		assertThat(browser.path()).isEqualTo("/console/clients/" + id);
		assertThat(browser.text("client-status")).isEqualTo("enabled");
		assertThat((String) browser.script("return document.documentElement.outerHTML")).doesNotContain(secret);
	}

	@Test
	void aRotatedSecretWorksAlongsideThePreviousOne() {
		String id = "browser-" + UUID.randomUUID();
		String first = createClient(id);
		browser.submit("done");

		browser.type("overlapHours", "24");
		browser.submit("rotate-secret");

		assertThat(browser.text("client-id")).isEqualTo(id);
		assertThat(browser.all(By.tagName("h1"))).singleElement().extracting(WebElement::getText)
			.isEqualTo("New secret for " + id);
		String second = browser.secretText("client-secret");
		assertThat(second).isNotBlank().isNotEqualTo(first);
		assertThat(this.http.token(id, first, "read:reports").status()).as("the previous secret, in the overlap")
			.isEqualTo(200);
		assertThat(this.http.token(id, second, "read:reports").status()).as("the new secret").isEqualTo(200);
	}

	@Test
	void aDisabledClientIsRefusedAtTheTokenEndpoint() {
		String id = "browser-" + UUID.randomUUID();
		String secret = createClient(id);
		browser.submit("done");

		browser.submit("disable-client");

		assertThat(browser.text("client-status")).isEqualTo("disabled");
		assertThat(browser.byId("client-status").getAttribute("class")).contains("off");
		assertThat(browser.text("notice")).startsWith("Client disabled");
		assertThat(browser.has("enable-client")).isTrue();
		assertThat(browser.has("disable-client")).isFalse();
		browser.screenshot("client-detail");
		assertThat(this.http.token(id, secret, "read:reports").status()).isEqualTo(401);
	}

	@Test
	void aClientDeletedAfterConfirmingIsGone() {
		String id = "browser-" + UUID.randomUUID();
		String secret = createClient(id);
		browser.submit("done");

		browser.submit("delete-client");
		assertThat(browser.path()).isEqualTo("/console/clients/" + id + "/delete");
		browser.submit("confirm-delete");

		assertThat(browser.path()).isEqualTo("/console/clients");
		assertThat(browser.all(By.cssSelector("p.notice"))).singleElement().extracting(WebElement::getText)
			.isEqualTo("Client " + id + " deleted.");
		assertThat(browser.all(By.linkText(id))).isEmpty();
		assertThat(this.registry.findById(id)).isEmpty();
		assertThat(this.http.token(id, secret, "read:reports").status()).isEqualTo(401);
	}

	@Test
	void aRefreshTokenRevokedOnTheClientPageNoLongerRefreshes() {
		TestClient app = newPublicClient();
		String refreshToken = tokensFor(app, newUser("user"), "read:reports").get("refresh_token").toString();
		browser.open("/console/clients/" + app.id());
		assertThat(browser.all(By.cssSelector("#refresh-tokens tbody tr"))).hasSize(1);

		browser.submit(By.cssSelector("#refresh-tokens button.revoke-family"));

		assertThat(browser.text("notice")).isEqualTo("Refresh token family revoked.");
		assertThat(browser.has("refresh-tokens")).isFalse();
		assertThat(browser.text("no-refresh-tokens")).isEqualTo("None.");
		assertThat(refresh(app, refreshToken).json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void revokingEverythingAsksFirstThenEndsEveryFamily() {
		TestClient app = newPublicClient();
		String first = tokensFor(app, newUser("user"), "read:reports").get("refresh_token").toString();
		String second = tokensFor(app, newUser("user"), "read:reports").get("refresh_token").toString();
		browser.open("/console/clients/" + app.id());

		String question = browser.submitConfirming("revoke-all", false);

		assertThat(question).startsWith("Revoke every refresh token of this client?");
		assertThat(browser.url()).doesNotContain("revokedAll");
		assertThat(browser.all(By.cssSelector("#refresh-tokens tbody tr"))).hasSize(2);

		browser.submitConfirming("revoke-all", true);

		assertThat(browser.text("notice")).startsWith("Every refresh token family of this client was revoked");
		assertThat(browser.has("no-refresh-tokens")).isTrue();
		assertThat(refresh(app, first).json()).containsEntry("error", "invalid_grant");
		assertThat(refresh(app, second).json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void anInvalidClientIdIsExplainedNextToItsField() {
		browser.open("/console/clients/new");
		browser.type("clientId", "bad id with spaces");
		browser.type("scopes", "read:reports");
		browser.type("audiences", TEST_AUDIENCE);

		browser.submit("save-client");

		WebElement field = browser.byId("clientId");
		WebElement message = browser.byId("clientId-error");
		assertThat(message.getText()).isEqualTo("1 to 100 characters of A-Z a-z 0-9 . _ ~ -");
		assertThat(message.getAttribute("class")).isEqualTo("field-error");
		assertThat(field.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(field.getAttribute("aria-describedby")).isEqualTo("clientId-error");
		assertThat(browser.script("return arguments[0].nextElementSibling === arguments[1]", field, message))
			.as("the message follows its field").isEqualTo(true);
		assertThat(message.getRect().getY() - (field.getRect().getY() + field.getRect().getHeight()))
			.as("pixels between the field and its message").isBetween(0, 16);
		assertThat(browser.byId("scopes").getDomProperty("value")).as("what was typed is kept")
			.isEqualTo("read:reports");
		browser.screenshot("client-form-errors");
		assertThat(this.registry.findById("bad id with spaces")).isEmpty();
	}

	@Test
	void theAuditLogFilteredByAClientShowsItsStory() {
		String id = "browser-" + UUID.randomUUID();
		String secret = createClient(id);
		assertThat(this.http.token(id, secret, "read:reports").status()).isEqualTo(200);
		browser.submit("done");
		browser.submit("disable-client");
		this.audit.awaitQueued();
		browser.open("/console/audit");

		browser.type("client", id);
		browser.submit(By.cssSelector("form.filters button[type=submit]"));

		assertThat(browser.url()).contains("client=" + id);
		List<Map<String, String>> rows = auditRows();
		assertThat(rows).extracting((row) -> row.get("client")).containsOnly(id);
		assertThat(rows).extracting((row) -> row.get("event"))
			.contains("client.created", "access_token.issued", "client.disabled")
			.containsExactlyInAnyOrderElementsOf(this.audit.ofClient(id).stream().map(AuditEvent::type).toList());
		assertThat(rows).filteredOn((row) -> row.get("event").equals("client.created"))
			.extracting((row) -> row.get("actor"))
			.containsExactly("user:" + this.admin.username());
		browser.screenshot("audit");
	}

	@Test
	void aUserCreatedInTheConsoleSignsInWithThePasswordShownOnce() {
		String username = "browser-" + UUID.randomUUID().toString().substring(0, 8);
		browser.open("/console/users");
		browser.submit("new-user");
		browser.type("username", username);
		browser.type("roles", "user");

		browser.submit("create-user");

		assertThat(browser.all(By.tagName("h1"))).singleElement().extracting(WebElement::getText)
			.isEqualTo("User " + username + " created");
		String password = browser.secretText("user-password");
		assertThat(password).isNotBlank();
		browser.submit("done");
		assertThat(browser.all(By.cssSelector("#users tbody tr td:first-child"))).extracting(WebElement::getText)
			.contains(username);
		browser.screenshot("users");
		assertThat(Browser.location(new Browser(ISSUER).signIn(username, password))).as("where signing in leads")
			.doesNotContain("error");
		assertThat(this.users.findByUsername(username).orElseThrow().roles()).containsExactly("user");
	}

	@Test
	void aKeyRotatedOnTheKeysPageIsPublishedUntilRevokedAfterConfirming() {
		browser.open("/console/keys");
		browser.choose("algorithm", "RS256");

		browser.submit("rotate-key");

		Matcher created = Pattern.compile("^Created (rs256-[0-9a-f-]+): published now").matcher(browser.text("notice"));
		assertThat(created.find()).as(browser.text("notice")).isTrue();
		String kid = created.group(1);
		assertThat(browser.all(By.xpath("//table[@id='keys']//tr[td/code='" + kid + "']/td[3]")))
			.singleElement().extracting(WebElement::getText).isEqualTo("next");
		browser.screenshot("keys");
		assertThat(this.http.get("/oauth2/jwks").body()).contains(kid);

		browser.submit(By.cssSelector("a[aria-label='Revoke " + kid + "']"));
		browser.submit("confirm-revoke");

		assertThat(browser.text("notice")).startsWith("Revoked " + kid);
		assertThat(browser.all(By.xpath("//table[@id='keys']//tr[td/code='" + kid + "']/td[3]")))
			.singleElement().extracting(WebElement::getText).isEqualTo("revoked");
		assertThat(this.http.get("/oauth2/jwks").body()).doesNotContain(kid);
	}

	@Test
	void aNarrowWindowStillShowsAUsableClientList() {
		String id = "browser-" + UUID.randomUUID();
		createClient(id);
		assertThat(browser.resize(420, 800)).as("the page's width in a 420 pixel window").isLessThanOrEqualTo(420L);
		try {
			browser.open("/console/clients");
			browser.type("q", "browser-");
			browser.submit(By.cssSelector("form[role=search] button[type=submit]"));

			assertThat(browser.script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
				.as("the page fits the window's width").isEqualTo(true);
			assertThat(browser.byId("new-client").isDisplayed()).isTrue();
			assertThat(browser.byId("clients").isDisplayed()).isTrue();
			assertThat(browser.script("var r = arguments[0].getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth",
					browser.byId("new-client"))).as("New client fits the window").isEqualTo(true);
			browser.screenshot("clients-narrow");
			browser.submit(By.linkText(id));
			assertThat(browser.path()).isEqualTo("/console/clients/" + id);
		}
		finally {
			browser.resize(1280, 800);
		}
	}

	/** Creates a confidential client through the form; leaves the browser on its one-time secret page. */
	private String createClient(String id) {
		browser.open("/console/clients");
		browser.submit("new-client");
		browser.type("clientId", id);
		browser.tick("grant-client_credentials");
		browser.type("scopes", "read:reports");
		browser.type("audiences", TEST_AUDIENCE);
		browser.submit("save-client");
		assertThat(browser.path()).isEqualTo("/console/clients");
		assertThat(browser.text("client-id")).isEqualTo(id);
		String secret = browser.secretText("client-secret");
		assertThat(secret).isNotBlank();
		assertThat(this.registry.findById(id)).isPresent();
		return secret;
	}

	private static List<Map<String, String>> auditRows() {
		return browser.all(By.cssSelector("#audit-events tbody tr")).stream().map((row) -> {
			List<WebElement> cells = row.findElements(By.tagName("td"));
			return Map.of("event", cells.get(1).getText(), "client", cells.get(3).getText(), "actor",
					cells.get(5).getText());
		}).toList();
	}

}
