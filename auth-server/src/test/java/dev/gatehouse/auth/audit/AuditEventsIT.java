package dev.gatehouse.auth.audit;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.UserFlowTest;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.keys.KeyView;
import dev.gatehouse.auth.keys.SigningAlgorithm;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every kind of decision reaches the audit trail over the real endpoints: refusals with their OAuth error
 * code, failed client authentication with the internal reason, introspections with their result, denied
 * authorization requests, consent withdrawal, and admin changes with the acting principal.
 */
class AuditEventsIT extends UserFlowTest {

	@Autowired
	JdbcAuditLog audit;

	@Autowired
	KeyRing keys;

	@AfterEach
	void forgetOperator() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aRefusedTokenRequestIsRecordedWithItsErrorCodeAndGrantType() {
		TestClient client = newClient();

		Response refused = this.http.token(client.id(), client.secret(), "admin:everything");

		assertThat(refused.json()).containsEntry("error", "invalid_scope");
		AuditEvent event = last(clientEvents(client.id()));
		assertThat(event.type()).isEqualTo("token_request.failed");
		assertThat(event.outcome()).isEqualTo("failure");
		assertThat(event.error()).isEqualTo("invalid_scope");
		assertThat(event.detail()).startsWith("grant_type=client_credentials");
		assertThat(event.actor()).isEqualTo("client:" + client.id());
		assertThat(event.requestId()).isEqualTo(refused.header("X-Request-Id"));
		assertThat(event.path()).isEqualTo("/oauth2/token");
	}

	@Test
	void aWrongSecretIsRecordedAsFailedClientAuthenticationWithTheReason() {
		TestClient client = newClient();

		Response refused = this.http.token(client.id(), "not-the-secret-" + UUID.randomUUID(), "read:reports");

		assertThat(refused.status()).isEqualTo(401);
		AuditEvent event = last(clientEvents(client.id()));
		assertThat(event.type()).isEqualTo("client_authentication.failed");
		assertThat(event.error()).isEqualTo("invalid_client");
		assertThat(event.detail()).isEqualTo("method=client_secret_basic secret does not match");
		assertThat(event.actor()).isEqualTo("anonymous");
		assertThat(event.originIp()).isEqualTo("127.0.0.1");
	}

	@Test
	void anUnknownClientAndMissingCredentialsAreRecordedToo() {
		String unknown = "nobody-" + UUID.randomUUID();
		this.http.token(unknown, "whatever-secret", "read:reports");
		Response anonymous = this.http.post("/oauth2/token", null, null, p("grant_type", "client_credentials"));

		assertThat(clientEvents(unknown)).singleElement()
			.satisfies((event) -> assertThat(event.detail()).isEqualTo("method=client_secret_basic unknown client"));
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(byRequest(anonymous)).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo("client_authentication.failed");
			assertThat(event.detail()).isEqualTo("no client credentials");
		});
	}

	@Test
	void introspectionsAreRecordedWithTheCallerAndTheResult() throws Exception {
		TestClient client = newClient();
		String token = this.http.accessToken(client.id(), client.secret(), "read:reports");
		String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();

		Response active = introspect(token);
		Response garbage = introspect("not-a-token");

		assertThat(active.json()).containsEntry("active", true);
		AuditEvent introspected = last(clientEvents(client.id()));
		assertThat(introspected.type()).isEqualTo("token.introspected");
		assertThat(introspected.outcome()).isEqualTo("success");
		assertThat(introspected.tokenRef()).isEqualTo(jti);
		assertThat(introspected.actor()).isEqualTo("client:" + introspector().id());
		assertThat(introspected.detail()).isEqualTo("active");
		assertThat(byRequest(garbage)).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo("token.introspected");
			assertThat(event.outcome()).isEqualTo("failure");
			assertThat(event.detail()).startsWith("inactive: not a valid token");
		});
	}

	@Test
	void aRevokedTokenIntrospectsInactiveWithTheReasonRecorded() {
		TestClient client = newClient();
		String token = this.http.accessToken(client.id(), client.secret(), "read:reports");
		this.http.post("/oauth2/revoke", client.id(), client.secret(), p("token", token));

		Response inactive = introspect(token);

		assertThat(inactive.json()).isEqualTo(Map.of("active", false));
		assertThat(byRequest(inactive)).singleElement()
			.satisfies((event) -> assertThat(event.detail()).isEqualTo("inactive: revoked"));
	}

	@Test
	void malformedIntrospectionAndRevocationRequestsAreRecordedAsRefusals() {
		TestClient client = newClient();
		TestClient introspector = introspector();

		Response introspection = this.http.post("/oauth2/introspect", introspector.id(), introspector.secret());
		Response revocation = this.http.post("/oauth2/revoke", client.id(), client.secret());

		assertThat(introspection.json()).containsEntry("error", "invalid_request");
		assertThat(byRequest(introspection)).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo("introspection_request.failed");
			assertThat(event.error()).isEqualTo("invalid_request");
			assertThat(event.clientId()).isEqualTo(introspector.id());
		});
		assertThat(byRequest(revocation)).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo("revocation_request.failed");
			assertThat(event.clientId()).isEqualTo(client.id());
		});
	}

	@Test
	void aDeniedAuthorizationRequestAndAWithdrawnConsentAreRecordedWithTheUserAsActor() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Browser browser = new Browser(ISSUER);
		String verifier = Browser.newVerifier();
		Map<String, Object> tokens = exchange(app, code(authorize(browser, app, user, "read:reports", "s", verifier)),
				verifier).json();
		HttpResponse<String> consent = browser.followOnServer(browser.get(browser.authorizeUrl(
				Browser.codeRequest(app.id(), REDIRECT_URI, "write:reports", "again", Browser.newVerifier()))));
		Map<String, String> refused = Browser.query(Browser.location(browser.answerConsent(consent, false)));
		HttpResponse<String> account = browser.get("/account");
		browser.post("/account/consents/" + app.id() + "/revoke", Map.of("_csrf", List.of(Browser.csrf(account.body()))));

		List<AuditEvent> events = clientEvents(app.id());
		AuditEvent denied = events.stream()
			.filter((event) -> event.type().equals("authorization_request.failed"))
			.findFirst()
			.orElseThrow();
		assertThat(denied.error()).isEqualTo("access_denied");
		assertThat(denied.actor()).isEqualTo("user:" + user.username());
		AuditEvent withdrawn = events.stream()
			.filter((event) -> event.type().equals("consent.revoked"))
			.findFirst()
			.orElseThrow();
		assertThat(withdrawn.subject()).isEqualTo(user.id());
		assertThat(withdrawn.actor()).isEqualTo("user:" + user.username());
		assertThat(refused).containsEntry("error", "access_denied");
		assertThat(tokens).containsKey("refresh_token");
	}

	@Test
	void adminChangesAreRecordedWithTheOperatorAsActor() {
		TestClient client = newClient();
		TestUser user = newUser("user");

		Actor.operator();
		this.registry.setEnabled(client.id(), false);
		this.users.setRoles(user.username(), Set.of("user", "admin"));
		this.users.setEnabled(user.username(), false);
		KeyView key = this.keys.rotateNow(SigningAlgorithm.ES256);

		String operator = "cli:" + System.getProperty("user.name");
		assertThat(last(clientEvents(client.id()))).satisfies((event) -> {
			assertThat(event.type()).isEqualTo("client.disabled");
			assertThat(event.actor()).isEqualTo(operator);
		});
		assertThat(this.audit.ofSubject(user.id())).extracting(AuditEvent::type, AuditEvent::actor)
			.containsExactly(tuple("user.created", "gatehouse"), tuple("user.roles_changed", operator),
					tuple("user.disabled", operator));
		assertThat(this.audit.ofSubject(user.id()).get(1).detail()).contains("roles=").contains("admin");
		assertThat(this.audit.ofSubject(key.keyId())).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo("key.created");
			assertThat(event.actor()).isEqualTo(operator);
			assertThat(event.detail()).startsWith("alg=ES256");
		});
		this.keys.revoke(key.keyId());
		assertThat(this.audit.ofSubject(key.keyId())).extracting(AuditEvent::type, AuditEvent::actor)
			.containsExactly(tuple("key.created", operator), tuple("key.revoked", operator));
	}

	private List<AuditEvent> byRequest(Response response) {
		this.audit.awaitQueued();
		return this.audit.ofRequest(response.header("X-Request-Id"));
	}

	/** The client's events, once the queued ones (introspections, refusals) are stored too. */
	private List<AuditEvent> clientEvents(String clientId) {
		this.audit.awaitQueued();
		return this.audit.ofClient(clientId);
	}

	private static AuditEvent last(List<AuditEvent> events) {
		assertThat(events).isNotEmpty();
		return events.get(events.size() - 1);
	}

}
