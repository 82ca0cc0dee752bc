package dev.gatehouse.auth.audit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.UserFlowTest;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import dev.gatehouse.auth.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail over HTTP: the events of real flows land in {@code audit_event} with the request id the
 * response carried, the origin IP and path, and nothing secret.
 */
class AuditTrailIT extends UserFlowTest {

	@Autowired
	JdbcAuditLog audit;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	AuditConfiguration.AuditPurge purge;

	@Test
	void clientCredentialsIssuanceIsRecordedWithTheResponsesRequestId() throws Exception {
		TestClient client = newClient();

		Response response = this.http.token(client.id(), client.secret(), "read:reports");

		String jti = SignedJWT.parse(response.json().get("access_token").toString()).getJWTClaimsSet().getJWTID();
		List<AuditEvent> events = this.audit.ofClient(client.id());
		assertThat(events).extracting(AuditEvent::type).containsExactly("client.created", "access_token.issued");
		AuditEvent issued = events.get(1);
		assertThat(issued.outcome()).isEqualTo("success");
		assertThat(issued.subject()).isEqualTo(client.id());
		assertThat(issued.tokenRef()).isEqualTo(jti);
		assertThat(issued.scopes()).isEqualTo("read:reports");
		assertThat(issued.detail()).contains("grant_type=client_credentials", "aud=" + TEST_AUDIENCE, "kid=");
		assertThat(issued.actor()).isEqualTo("client:" + client.id());
		assertThat(issued.requestId()).isEqualTo(response.header("X-Request-Id")).isNotBlank();
		assertThat(issued.originIp()).isEqualTo("127.0.0.1");
		assertThat(issued.path()).isEqualTo("/oauth2/token");
	}

	@Test
	void theUserFlowRecordsIssuanceRotationReuseAndSignIn() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Map<String, Object> first = tokensFor(app, user, "read:reports");
		refresh(app, first.get("refresh_token").toString());

		Response reuse = refresh(app, first.get("refresh_token").toString());
		this.audit.awaitQueued();

		List<AuditEvent> events = this.audit.ofClient(app.id());
		assertThat(events).extracting(AuditEvent::type)
			.containsExactly("client.created", "access_token.issued", "refresh_token.rotated", "access_token.issued",
					"refresh_token.reuse_detected", "token_request.failed");
		assertThat(events.get(5).error()).isEqualTo("invalid_grant");
		assertThat(events.subList(1, 5)).allSatisfy((event) -> assertThat(event.subject()).isEqualTo(user.id()));
		AuditEvent detected = events.get(4);
		assertThat(detected.outcome()).isEqualTo("failure");
		assertThat(detected.requestId()).isEqualTo(reuse.header("X-Request-Id"));
		assertThat(detected.detail()).contains("2 access token(s) denied");
		assertThat(this.jdbc.sql("select event_type from audit_event where subject = :user and event_type like 'login.%'")
			.param("user", user.id())
			.query(String.class)
			.list()).containsExactly("login.succeeded");
	}

	@Test
	void aFailedSignInIsRecordedWithoutThePassword() {
		TestUser user = newUser("user");
		String wrong = NoSecretsInOutput.remember("wrong-password-" + user.id());

		new Browser(ISSUER).signIn(user.username(), wrong);
		this.audit.awaitQueued();

		assertThat(this.jdbc.sql("select outcome from audit_event where subject = :name and event_type = 'login.failed'")
			.param("name", user.username())
			.query(String.class)
			.list()).containsExactly("failure");
		assertThat(TestDatabase.dump(this.dataSource, "audit_event"))
			.doesNotContain(wrong)
			.doesNotContain(user.password());
	}

	@Test
	void revocationIsRecordedAndTheCallersRequestIdIsKeptWhenWellFormed() {
		TestClient client = newClient();
		String token = this.http.accessToken(client.id(), client.secret(), "read:reports");

		Response revoked = this.http.send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/revoke"))
			.header("Authorization", OAuthHttp.basic(client.id(), client.secret()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Request-Id", "trace-123")
			.POST(HttpRequest.BodyPublishers.ofString("token=" + token))
			.build());

		assertThat(revoked.header("X-Request-Id")).isEqualTo("trace-123");
		AuditEvent event = this.audit.ofClient(client.id()).get(2);
		assertThat(event.type()).isEqualTo("token.revoked");
		assertThat(event.requestId()).isEqualTo("trace-123");
		assertThat(event.actor()).as("revoked by whom").isEqualTo("client:" + client.id());
		Response odd = this.http.get("/oauth2/jwks", "X-Request-Id", "bad id with spaces");
		assertThat(odd.header("X-Request-Id")).isNotEqualTo("bad id with spaces").hasSize(36);
	}

	@Test
	void theAuditTableHoldsNoTokenOrSecretAnyTestHandled() {
		TestClient app = newPublicClient();
		Map<String, Object> tokens = tokensFor(app, newUser("user"), "read:reports");
		this.http.post("/oauth2/revoke", null, null, p("token", tokens.get("refresh_token").toString()),
				p("client_id", app.id()));

		String dump = TestDatabase.dump(this.dataSource, "audit_event");

		assertThat(dump).contains("token.revoked");
		for (String secret : NoSecretsInOutput.handled()) {
			assertThat(dump.contains(secret)).as("a handled secret or token is in the audit table").isFalse();
		}
	}

	@Test
	void eventsPastTheRetentionArePurgedAndNewerOnesKept() {
		String client = "purge-" + UUID.randomUUID();
		Instant now = Instant.now();
		this.audit.append(new AuditEvent(now.minus(Duration.ofDays(91)), "token.revoked", "success", client,
				null, null, null, null, null, null, null, null, null, null));
		this.audit.append(new AuditEvent(now.minus(Duration.ofDays(89)), "token.revoked", "success", client,
				null, null, null, null, null, null, null, null, null, null));

		this.purge.purge();

		assertThat(this.audit.ofClient(client)).hasSize(1);
	}

}
