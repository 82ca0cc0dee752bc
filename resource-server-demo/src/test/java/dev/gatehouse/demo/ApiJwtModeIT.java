package dev.gatehouse.demo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo API end to end in its default mode (local JWT validation against the JWKS), with tokens from
 * the real authorization server.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiJwtModeIT extends DemoApiTest {

	@Test
	void meWhenAnyValidTokenThenCaller() {
		Response response = api().get("/api/v1/me", "Authorization", bearer(token("read:reports")));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("subject", "demo-client")
			.containsEntry("clientId", "demo-client")
			.containsEntry("scopes", List.of("read:reports"))
			.containsEntry("roles", List.of());
	}

	@Test
	void reportsWhenReadScopeThenListed() {
		Response response = api().get("/api/v1/reports", "Authorization", bearer(token("read:reports")));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("Quarterly revenue");
	}

	@Test
	void createReportWhenOnlyReadScopeThenInsufficientScopeNamingTheScope() {
		Response response = post("/api/v1/reports", token("read:reports"), "{\"title\":\"Q4\"}");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer ")
			.contains("error=\"insufficient_scope\"")
			.contains("scope=\"write:reports\"");
		assertThat(response.json()).containsEntry("error", "insufficient_scope")
			.containsEntry("required_scope", "write:reports");
	}

	@Test
	void createReportWhenWriteScopeThenCreated() {
		Response response = post("/api/v1/reports", token("write:reports"), "{\"title\":\"Q4\"}");

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.header("Location")).startsWith("/api/v1/reports/");
		assertThat(response.json()).containsEntry("title", "Q4").containsEntry("createdBy", "demo-client");
	}

	@Test
	void createReportWhenBodyInvalidThenProblemNotServerError() {
		Response response = post("/api/v1/reports", token("write:reports"), "{\"title\":");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
	}

	@Test
	void deleteReportWhenNoAdminRoleThenForbiddenNamingTheRole() {
		Response response = delete("/api/v1/reports/1", token("read:reports write:reports"));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
		assertThat(response.json()).containsEntry("required_role", "admin");
	}

	@Test
	void deleteReportWhenAdminRoleThenDeleted() throws Exception {
		String created = post("/api/v1/reports", token("write:reports"), "{\"title\":\"temporary\"}")
			.header("Location");
		String admin = RunningGatehouse.signWithServerKey(atJwt(), claims().claim("roles", List.of("admin")).build());

		assertThat(delete(created, admin).status()).isEqualTo(204);
		assertThat(delete(created, admin).status()).isEqualTo(404);
	}

	@Test
	void whenNoTokenThenUnauthorizedWithBareChallenge() {
		Response response = api().get("/api/v1/reports");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void whenMalformedTokenThenInvalidToken() {
		assertInvalidToken(api().get("/api/v1/me", "Authorization", "Bearer not.a.jwt"));
	}

	@Test
	void whenTokenSignedByAnotherKeyThenInvalidToken() throws Exception {
		ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID("foreign").generate();
		SignedJWT jwt = new SignedJWT(atJwt(), claims().build());
		jwt.sign(new ECDSASigner(foreign));

		assertInvalidToken(api().get("/api/v1/me", "Authorization", bearer(jwt.serialize())));
	}

	@Test
	void whenTokenExpiredThenInvalidToken() throws Exception {
		Instant past = Instant.now().minusSeconds(3600);
		String expired = RunningGatehouse.signWithServerKey(atJwt(),
				claims().issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300))).build());

		assertInvalidToken(api().get("/api/v1/me", "Authorization", bearer(expired)));
	}

	@Test
	void whenTokenForAnotherAudienceThenInvalidToken() throws Exception {
		String other = RunningGatehouse.signWithServerKey(atJwt(), claims().audience("billing-api").build());

		assertInvalidToken(api().get("/api/v1/me", "Authorization", bearer(other)));
	}

	@Test
	void whenNotAnAccessTokenTypeThenInvalidToken() throws Exception {
		String idTokenLike = RunningGatehouse
			.signWithServerKey(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), claims().build());

		assertInvalidToken(api().get("/api/v1/me", "Authorization", bearer(idTokenLike)));
	}

	@Test
	void everyRequestWritesOneAuditLineWithoutTheToken(CapturedOutput output) {
		String token = token("read:reports");

		api().get("/api/v1/reports", "Authorization", bearer(token), "X-Request-Id", "audit-check-1");

		String line = output.getOut()
			.lines()
			.filter((text) -> text.contains("audit-check-1"))
			.findFirst()
			.orElseThrow();
		assertThat(line).contains("\"subject\":\"demo-client\"", "\"client_id\":\"demo-client\"",
				"\"path\":\"/api/v1/reports\"", "\"method\":\"GET\"", "\"origin_ip\":\"127.0.0.1\"",
				"\"scopes\":\"read:reports\"", "\"scope_required\":\"read:reports\"", "\"status\":\"200\"",
				"\"outcome\":\"allowed\"");
		assertThat(output.getAll()).doesNotContain(token);
	}

	@Test
	void revokedTokenIsStillAcceptedLocallyUntilItExpires() {
		String token = token("read:reports");
		assertThat(RunningGatehouse.http()
			.post("/oauth2/revoke", RunningGatehouse.CLIENT_ID, RunningGatehouse.CLIENT_SECRET, p("token", token))
			.status()).isEqualTo(200);

		// local validation trades revocation for speed: it is what the introspection mode is for
		assertThat(api().get("/api/v1/me", "Authorization", bearer(token)).status()).isEqualTo(200);
	}

	@Test
	void routeWithoutARuleIsRefusedEvenWithAValidToken() {
		Response response = api().get("/api/v1/not-in-the-table", "Authorization", bearer(token("read:reports")));

		assertThat(response.status()).isEqualTo(403);
	}

	private Response post(String path, String token, String json) {
		return api().send(HttpRequest.newBuilder(URI.create(api().baseUrl() + path))
			.header("Authorization", bearer(token))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private Response delete(String path, String token) {
		return api().send(HttpRequest.newBuilder(URI.create(api().baseUrl() + path))
			.header("Authorization", bearer(token))
			.DELETE()
			.build());
	}

	private static void assertInvalidToken(Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
		assertThat(response.json()).containsEntry("error", "invalid_token");
		assertThat(response.body()).doesNotContain("Exception");
	}

	private static JWSHeader atJwt() {
		return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt")).build();
	}

	private static JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(RunningGatehouse.issuer())
			.subject("user-42")
			.claim("client_id", "demo-spa")
			.audience("demo-api")
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
	}

}
