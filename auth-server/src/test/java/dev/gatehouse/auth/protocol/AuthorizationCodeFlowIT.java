package dev.gatehouse.auth.protocol;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.UserFlowTest;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.OAuthHttp.Param;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.Test;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow with PKCE over HTTP, as a browser and an app run it: authorization request,
 * sign-in form, consent page, redirect with {@code code}, {@code state} and {@code iss}, code exchange.
 */
class AuthorizationCodeFlowIT extends UserFlowTest {

	@Test
	void publicClientSignsUserInConsentsAndExchangesTheCodeWithPkce() throws Exception {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		String verifier = Browser.newVerifier();
		String state = "st-" + UUID.randomUUID();

		HttpResponse<String> request = browser.get(browser.authorizeUrl(
				Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports write:reports", state, verifier)));
		assertThat(request.statusCode()).isEqualTo(302);
		assertThat(Browser.location(request)).isEqualTo(ISSUER + "/login");
		HttpResponse<String> consent = browser.followOnServer(browser.signIn(user.username(), user.password()));
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
		assertThat(consent.body()).contains("read:reports", "write:reports", app.id());
		HttpResponse<String> answered = browser.answerConsent(consent, true);

		assertThat(answered.statusCode()).isEqualTo(302);
		String redirect = Browser.location(answered);
		Map<String, String> response = Browser.query(redirect);
		assertThat(redirect).startsWith(REDIRECT_URI + "?");
		assertThat(response).containsEntry("state", state).containsEntry("iss", ISSUER).containsKey("code");

		Response tokens = exchange(app, code(redirect), verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.header("Cache-Control")).contains("no-store");
		assertThat(tokens.header("Set-Cookie")).as("the token endpoint keeps no session").isNull();
		Map<String, Object> json = tokens.json();
		assertThat(json).containsEntry("token_type", "Bearer").containsEntry("scope", "read:reports write:reports");
		assertThat(json.get("refresh_token").toString()).startsWith("gh_rt_").hasSize(49);
		JWTClaimsSet claims = SignedJWT.parse(json.get("access_token").toString()).getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo(user.id());
		assertThat(claims.getStringClaim("client_id")).isEqualTo(app.id());
		assertThat(claims.getStringListClaim("roles")).containsExactly("user");
		assertThat(claims.getStringClaim("scope")).isEqualTo("read:reports write:reports");
		assertThat(claims.getAudience()).containsExactly(TEST_AUDIENCE);
		assertThat(claims.getDateClaim("auth_time")).isNotNull();
	}


	@Test
	void secondAuthorizationOfTheSameScopesSkipsTheConsentPage() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		authorize(browser, app, user, "read:reports", "first", Browser.newVerifier());

		HttpResponse<String> again = browser.get(browser.authorizeUrl(
				Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "second", Browser.newVerifier())));

		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(Browser.location(again)).startsWith(REDIRECT_URI + "?code=").contains("state=second");
		HttpResponse<String> wider = browser.get(browser.authorizeUrl(Browser.codeRequest(app.id(), REDIRECT_URI,
				"read:reports write:reports", "third", Browser.newVerifier())));
		assertThat(Browser.location(wider)).as("a new scope needs consent").startsWith(ISSUER + "/oauth2/consent");
	}

	@Test
	void confidentialClientExchangesWithItsSecretAndPkce() {
		TestClient web = newConfidentialApp();
		TestUser user = newUser("user");
		String verifier = Browser.newVerifier();
		String redirect = authorize(new Browser(ISSUER), web, user, "read:reports", "s", verifier);

		TestClient withoutSecret = new TestClient(web.id(), null);
		assertThat(exchange(withoutSecret, code(redirect), verifier).json()).as("a confidential client must authenticate")
			.containsEntry("error", "invalid_client");
		Response tokens = exchange(web, code(redirect), verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.json()).containsKey("refresh_token");
	}

	@Test
	void deniedConsentRedirectsWithAccessDenied() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		browser.get(browser.authorizeUrl(
				Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "st", Browser.newVerifier())));
		HttpResponse<String> consent = browser.followOnServer(browser.signIn(user.username(), user.password()));

		HttpResponse<String> denied = browser.answerConsent(consent, false);

		assertThat(Browser.location(denied)).startsWith(REDIRECT_URI + "?");
		assertThat(Browser.query(Browser.location(denied))).containsEntry("error", "access_denied")
			.containsEntry("error_description", "The user did not allow the request")
			.containsEntry("state", "st")
			.containsEntry("iss", ISSUER)
			.doesNotContainKey("code");
	}

	@Test
	void pkceIsRequiredAndOnlyS256IsAccepted() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		browser.signIn(user.username(), user.password());

		Map<String, String> missing = Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "st", null);
		Map<String, String> plain = Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "st", null);
		plain.put("code_challenge", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq");
		plain.put("code_challenge_method", "plain");
		Map<String, String> noMethod = Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "st", null);
		noMethod.put("code_challenge", Browser.challenge(Browser.newVerifier()));

		for (Map<String, String> request : List.of(missing, plain, noMethod)) {
			HttpResponse<String> response = browser.get(browser.authorizeUrl(request));
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(Browser.query(Browser.location(response))).as(request.toString())
				.containsEntry("error", "invalid_request")
				.containsEntry("state", "st")
				.containsEntry("iss", ISSUER)
				.doesNotContainKey("code");
		}
	}

	@Test
	void wrongOrMissingCodeVerifierIsInvalidGrantAndTheCodeStaysUsable() {
		TestClient app = newPublicClient();
		String verifier = Browser.newVerifier();
		String code = code(authorize(new Browser(ISSUER), app, newUser("user"), "read:reports", "s", verifier));

		assertThat(exchange(app, code, Browser.newVerifier()).json()).containsEntry("error", "invalid_grant");
		assertThat(exchange(app, code, null).json()).containsEntry("error", "invalid_grant");
		assertThat(exchange(app, code, "too-short").json()).containsEntry("error", "invalid_grant");
		assertThat(exchange(app, code, verifier).status()).isEqualTo(200);
	}

	@Test
	void redirectUriMustMatchExactlyOrTheServerShowsItsOwnErrorPage() {
		TestClient app = newPublicClient((client) -> client.redirectUris(List.of(REDIRECT_URI, "http://127.0.0.1:8765/cb")));
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		browser.signIn(user.username(), user.password());

		for (String wrong : List.of(REDIRECT_URI + "/more", REDIRECT_URI + "?x=1", "https://app.example/",
				"https://evil.example/callback", "http://127.0.0.1:9999/cb", "HTTPS://app.example/callback")) {
			Map<String, String> request = Browser.codeRequest(app.id(), wrong, "read:reports", "st", Browser.newVerifier());
			HttpResponse<String> response = browser.get(browser.authorizeUrl(request));
			assertThat(response.statusCode()).as(wrong).isEqualTo(400);
			assertThat(response.headers().firstValue("Location")).as(wrong).isEmpty();
			assertThat(response.body()).contains("Sign-in request refused");
		}
	}

	@Test
	void unknownClientGetsTheErrorPageNotARedirectSignedInOrNot() {
		TestUser user = newUser("user");
		Browser anonymous = new Browser(ISSUER);
		Browser signedIn = new Browser(ISSUER);
		signedIn.signIn(user.username(), user.password());

		for (Browser browser : List.of(anonymous, signedIn)) {
			HttpResponse<String> response = browser.get(browser.authorizeUrl(
					Browser.codeRequest("no-such-client", REDIRECT_URI, "read:reports", "st", Browser.newVerifier())));
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Location")).isEmpty();
			assertThat(response.body()).contains("Sign-in request refused");
		}
	}

	@Test
	void redirectUriAtTheTokenEndpointMustMatchTheRequest() {
		TestClient app = newPublicClient((client) -> client.redirectUris(List.of(REDIRECT_URI, REDIRECT_URI + "2")));
		String verifier = Browser.newVerifier();
		String code = code(authorize(new Browser(ISSUER), app, newUser("user"), "read:reports", "s", verifier));

		Response other = this.http.post("/oauth2/token", null, null, params("grant_type", "authorization_code",
				"code", code, "redirect_uri", REDIRECT_URI + "2", "code_verifier", verifier, "client_id", app.id()));

		assertThat(other.json()).containsEntry("error", "invalid_grant");
	}

	private static Param[] params(String... namesAndValues) {
		Param[] params = new Param[namesAndValues.length / 2];
		for (int i = 0; i < params.length; i++) {
			params[i] = p(namesAndValues[2 * i], namesAndValues[2 * i + 1]);
		}
		return params;
	}

	@Test
	void aCodeWorksOnceAndItsSecondUseRevokesWhatTheFirstUseMinted() {
		TestClient app = newPublicClient();
		String verifier = Browser.newVerifier();
		String code = code(authorize(new Browser(ISSUER), app, newUser("user"), "read:reports", "s", verifier));
		Map<String, Object> first = exchange(app, code, verifier).json();
		assertThat(introspect(first.get("access_token").toString()).json()).containsEntry("active", true);

		Response second = exchange(app, code, verifier);

		assertThat(second.status()).isEqualTo(400);
		assertThat(second.json()).containsEntry("error", "invalid_grant");
		assertThat(introspect(first.get("access_token").toString()).json()).isEqualTo(Map.of("active", false));
		assertThat(refresh(app, first.get("refresh_token").toString()).json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void aCodeExpiresAfterOneMinute() {
		TestClient app = newPublicClient();
		String verifier = Browser.newVerifier();
		String code = code(authorize(new Browser(ISSUER), app, newUser("user"), "read:reports", "s", verifier));

		this.clock.shift(Duration.ofSeconds(61));

		assertThat(exchange(app, code, verifier).json()).containsEntry("error", "invalid_grant")
			.containsEntry("error_description", "The authorization code has expired");
	}

	@Test
	void aCodeIsBoundToItsClient() {
		TestClient app = newPublicClient();
		TestClient other = newPublicClient();
		String verifier = Browser.newVerifier();
		String code = code(authorize(new Browser(ISSUER), app, newUser("user"), "read:reports", "s", verifier));

		assertThat(exchange(other, code, verifier).json()).containsEntry("error", "invalid_grant");
		assertThat(exchange(app, code, verifier).status()).isEqualTo(200);
	}

	@Test
	void scopesOutsideTheClientOrNoScopeAreRefusedWithARedirect() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		browser.signIn(user.username(), user.password());

		for (String scope : new String[] { "admin:everything", null }) {
			HttpResponse<String> response = browser.get(browser.authorizeUrl(
					Browser.codeRequest(app.id(), REDIRECT_URI, scope, "st", Browser.newVerifier())));
			assertThat(Browser.query(Browser.location(response))).containsEntry("error", "invalid_scope")
				.containsEntry("iss", ISSUER);
		}
	}

	@Test
	void disabledUserCannotExchangeTheirCode() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		String verifier = Browser.newVerifier();
		String code = code(authorize(new Browser(ISSUER), app, user, "read:reports", "s", verifier));

		this.users.setEnabled(user.username(), false);

		assertThat(exchange(app, code, verifier).json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void withdrawingConsentOnTheAccountPageRevokesTheAppsTokens() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		String verifier = Browser.newVerifier();
		Map<String, Object> tokens = exchange(app, code(authorize(browser, app, user, "read:reports", "s", verifier)),
				verifier).json();

		HttpResponse<String> account = browser.get("/account");
		assertThat(account.body()).contains("Apps you allowed", app.id());
		HttpResponse<String> withdrawn = browser.post("/account/consents/" + app.id() + "/revoke",
				Map.of("_csrf", List.of(Browser.csrf(account.body()))));

		assertThat(Browser.location(withdrawn)).endsWith("/account?revoked");
		assertThat(browser.get("/account").body()).doesNotContain(app.id());
		assertThat(refresh(app, tokens.get("refresh_token").toString()).json()).containsEntry("error", "invalid_grant");
		assertThat(introspect(tokens.get("access_token").toString()).json()).isEqualTo(Map.of("active", false));
		HttpResponse<String> again = browser.get(browser.authorizeUrl(
				Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "s", Browser.newVerifier())));
		assertThat(Browser.location(again)).as("consent is asked again").startsWith(ISSUER + "/oauth2/consent");
	}

	@Test
	void withdrawingConsentNeedsTheCsrfToken() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		authorize(browser, app, user, "read:reports", "s", Browser.newVerifier());

		HttpResponse<String> forged = browser.post("/account/consents/" + app.id() + "/revoke", Map.of());

		assertThat(forged.statusCode()).isIn(302, 403);
		assertThat(browser.get("/account").body()).contains(app.id());
	}

	@Test
	void aForgedOrForeignConsentIsRefusedOnTheServersOwnPage() {
		TestClient app = newPublicClient();
		TestUser alice = newUser("user");
		TestUser mallory = newUser("user");
		Browser victim = new Browser(ISSUER);
		victim.get(victim.authorizeUrl(
				Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "st", Browser.newVerifier())));
		HttpResponse<String> consent = victim.followOnServer(victim.signIn(alice.username(), alice.password()));
		Browser attacker = new Browser(ISSUER);
		attacker.signIn(mallory.username(), mallory.password());

		HttpResponse<String> foreign = attacker.answerConsent(consent, true);
		HttpResponse<String> forged = victim.post("/oauth2/authorize", Map.of("client_id", List.of(app.id()), "state",
				List.of("forged-state"), "scope", List.of("read:reports")));

		for (HttpResponse<String> refused : List.of(foreign, forged)) {
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.headers().firstValue("Location")).isEmpty();
		}
		assertThat(Browser.location(victim.answerConsent(consent, true))).as("the real consent still works")
			.startsWith(REDIRECT_URI + "?code=");
	}

	@Test
	void requestsByReferenceOrAsRequestObjectsAreNotServed() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		browser.signIn(user.username(), user.password());

		for (String parameter : List.of("request_uri", "request")) {
			Map<String, String> request = Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "st",
					Browser.newVerifier());
			request.put(parameter, "urn:ietf:params:oauth:request_uri:abc___" + (System.currentTimeMillis() + 60_000));
			HttpResponse<String> response = browser.get(browser.authorizeUrl(request));
			assertThat(response.statusCode()).as(parameter).isEqualTo(400);
			assertThat(response.headers().firstValue("Location")).isEmpty();
		}
	}

	@Test
	void anOversizedStateIsRefusedAndNotEchoedBack() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		browser.signIn(user.username(), user.password());
		String state = "s".repeat(1001);

		HttpResponse<String> response = browser.get(browser.authorizeUrl(
				Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", state, Browser.newVerifier())));

		assertThat(Browser.query(Browser.location(response))).containsEntry("error", "invalid_request")
			.doesNotContainKey("state");
	}

	@Test
	void denyMeansDeniedEvenWhenTheUserConsentedToSomeScopesBefore() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		authorize(browser, app, user, "read:reports", "first", Browser.newVerifier());

		for (String scope : List.of("read:reports write:reports", "write:reports")) {
			HttpResponse<String> consent = browser.followOnServer(browser.get(browser.authorizeUrl(
					Browser.codeRequest(app.id(), REDIRECT_URI, scope, "again", Browser.newVerifier()))));
			assertThat(consent.body()).contains("id=\"deny\"");
			Map<String, String> denied = Browser.query(Browser.location(browser.answerConsent(consent, false)));
			assertThat(denied).as(scope).containsEntry("error", "access_denied").doesNotContainKey("code");
		}
		HttpResponse<String> earlier = browser.get(browser.authorizeUrl(
				Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "third", Browser.newVerifier())));
		assertThat(Browser.location(earlier)).as("the earlier consent stands").startsWith(REDIRECT_URI + "?code=");
	}

	@Test
	void aClientThatDoesNotSignUsersInIsRefusedOnTheServersPage() {
		TestClient machine = newClient();
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		HttpResponse<String> anonymous = browser.get(ISSUER + "/oauth2/authorize?response_type=code&client_id="
				+ machine.id());
		assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(400);

		browser.get(browser.authorizeUrl(
				Browser.codeRequest(app.id(), REDIRECT_URI, "read:reports", "st", Browser.newVerifier())));
		HttpResponse<String> consent = browser.followOnServer(browser.signIn(user.username(), user.password()));
		String state = Browser.query(consent.uri().toString()).get("state");
		HttpResponse<String> answered = browser.post("/oauth2/authorize", Map.of("client_id", List.of(machine.id()),
				"state", List.of(state), "scope", List.of("read:reports")));

		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(400);
		assertThat(answered.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void theConsentPageWithoutARequestIsA400Page() {
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		browser.signIn(user.username(), user.password());

		for (String url : List.of("/oauth2/consent", "/oauth2/consent?client_id=nobody&state=x",
				"/oauth2/consent?client_id=" + newPublicClient().id())) {
			HttpResponse<String> page = browser.get(url);
			assertThat(page.statusCode()).as(url).isEqualTo(400);
			assertThat(page.body()).contains("Sign-in request refused");
		}
	}

	@Test
	void anOversizedStateIsNeverEchoedEvenWithOtherErrors() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		browser.signIn(user.username(), user.password());
		Map<String, String> request = Browser.codeRequest(app.id(), REDIRECT_URI, "bogus", "s".repeat(6000),
				Browser.newVerifier());

		HttpResponse<String> response = browser.get(browser.authorizeUrl(request));

		assertThat(Browser.location(response)).hasSizeLessThan(500);
		assertThat(Browser.query(Browser.location(response))).doesNotContainKey("state");
	}

}
