package dev.gatehouse.auth.token;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
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
import dev.gatehouse.auth.GatehouseHttpTest;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.Test;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The introspection endpoint (RFC 7662), over HTTP through the real filter chain.
 */
class IntrospectionEndpointIT extends GatehouseHttpTest {

	@Test
	void introspectWhenLiveTokenThenActiveWithAllClaims() {
		TestClient client = newClient();
		String token = this.http.accessToken(client.id(), client.secret(), "read:reports");

		Response response = introspect(introspector(), token);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).contains("no-store");
		Map<String, Object> body = response.json();
		assertThat(body).containsOnlyKeys("active", "scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti",
				"token_type");
		assertThat(body).containsEntry("active", true)
			.containsEntry("scope", "read:reports")
			.containsEntry("client_id", client.id())
			.containsEntry("sub", client.id())
			.containsEntry("iss", ISSUER)
			.containsEntry("token_type", "Bearer");
		assertThat(((Number) body.get("exp")).longValue()).isGreaterThan(((Number) body.get("iat")).longValue());
	}

	@Test
	void introspectWhenGarbageThenExactlyInactive() {
		assertExactlyInactive(introspect(introspector(), "not-a-token"));
	}

	@Test
	void introspectWhenNoCredentialsThenUnauthorized() {
		TestClient client = newClient();
		String token = this.http.accessToken(client.id(), client.secret(), null);

		Response response = this.http.post("/oauth2/introspect", null, null, p("token", token));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_client");
		assertThat(response.body()).doesNotContain("active");
	}

	@Test
	void introspectWhenWrongCallerSecretThenUnauthorized() {
		Response response = introspect(new TestClient("demo-api", "wrong-secret-wrong-secret-wrong-secret"), "x");

		assertThat(response.status()).isEqualTo(401);
	}

	@Test
	void introspectWhenCallerLacksPermissionAndTokenIsAnotherClientsThenInactive() {
		TestClient owner = newClient();
		TestClient other = newClient();
		String token = this.http.accessToken(owner.id(), owner.secret(), null);

		assertExactlyInactive(introspect(other, token));
	}

	@Test
	void introspectWhenCallerIntrospectsItsOwnTokenThenActive() {
		TestClient client = newClient();
		String token = this.http.accessToken(client.id(), client.secret(), null);

		assertThat(introspect(client, token).json()).containsEntry("active", true);
	}

	@Test
	void introspectWhenTokenClientDisabledThenInactive() {
		TestClient client = newClient();
		String token = this.http.accessToken(client.id(), client.secret(), null);
		assertThat(introspect(introspector(), token).json()).containsEntry("active", true);

		this.registry.setEnabled(client.id(), false);

		assertExactlyInactive(introspect(introspector(), token));
	}

	@Test
	void introspectWhenExpiredThenInactive() throws Exception {
		TestClient client = newClient();
		Instant past = Instant.now().minusSeconds(600);
		String expired = signWithServerKey(atJwtHeader(), claims(client.id()).issueTime(Date.from(past))
			.expirationTime(Date.from(past.plusSeconds(300)))
			.build());

		assertExactlyInactive(introspect(introspector(), expired));
	}

	@Test
	void introspectWhenSignedByAnotherKeyThenInactive() throws Exception {
		TestClient client = newClient();
		ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID("foreign").generate();
		SignedJWT jwt = new SignedJWT(atJwtHeader(), claims(client.id()).build());
		jwt.sign(new ECDSASigner(foreign));

		assertExactlyInactive(introspect(introspector(), jwt.serialize()));
	}

	@Test
	void introspectWhenNotAnAccessTokenTypeThenInactive() throws Exception {
		TestClient client = newClient();
		String plainJwt = signWithServerKey(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(),
				claims(client.id()).build());

		assertExactlyInactive(introspect(introspector(), plainJwt));
	}

	@Test
	void introspectWhenTokenParameterMissingThenInvalidRequest() {
		Response response = this.http.post("/oauth2/introspect", introspector().id(), introspector().secret(),
				p("token_type_hint", "access_token"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
	}

	private Response introspect(TestClient caller, String token) {
		return this.http.post("/oauth2/introspect", caller.id(), caller.secret(), p("token", token));
	}

	private static void assertExactlyInactive(Response response) {
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().replace(" ", "")).isEqualTo("{\"active\":false}");
	}

	private static JWSHeader atJwtHeader() {
		return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt")).build();
	}

	private static JWTClaimsSet.Builder claims(String clientId) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(clientId)
			.claim("client_id", clientId)
			.audience(clientId)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
	}

}
