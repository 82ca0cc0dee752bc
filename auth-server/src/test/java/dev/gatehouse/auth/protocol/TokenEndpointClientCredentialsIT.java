package dev.gatehouse.auth.protocol;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.auth.GatehouseHttpTest;
import dev.gatehouse.auth.testing.OAuthHttp.Param;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token endpoint with {@code client_credentials}, over HTTP through the real filter chain.
 */
class TokenEndpointClientCredentialsIT extends GatehouseHttpTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void tokenWhenClientSecretBasicThenJwtAccessToken() {
		TestClient client = newClient();

		Response response = this.http.token(client.id(), client.secret(), "read:reports");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).contains("no-store");
		Map<String, Object> body = response.json();
		assertThat(body).containsEntry("token_type", "Bearer").containsEntry("scope", "read:reports");
		assertThat(((Number) body.get("expires_in")).longValue()).isBetween(290L, 300L);
	}

	@Test
	void tokenWhenClientSecretPostThenJwtAccessToken() {
		TestClient client = newClient();

		Response response = this.http.post("/oauth2/token", null, null, p("grant_type", "client_credentials"),
				p("client_id", client.id()), p("client_secret", client.secret()), p("scope", "write:reports"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("scope", "write:reports");
	}

	@Test
	void tokenIsRfc9068JwtVerifiedWithNimbusAgainstTheJwks() throws Exception {
		TestClient client = newClient((builder) -> builder.audiences(Set.of("reports-api", "billing-api")));
		String token = this.http.accessToken(client.id(), client.secret(), "read:reports write:reports");

		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.getHeader().getKeyID()).isNotBlank();

		JWTClaimsSet claims = independentVerifier().process(token, null);
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getSubject()).isEqualTo(client.id());
		assertThat(claims.getStringClaim("client_id")).isEqualTo(client.id());
		assertThat(claims.getAudience()).containsExactlyInAnyOrder("reports-api", "billing-api");
		assertThat(claims.getClaim("scope")).isInstanceOf(String.class);
		assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("read:reports",
				"write:reports");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getIssueTime()).isNotNull();
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void tokenWhenClientHasLifetimeOverrideThenExpiresAccordingly() throws Exception {
		TestClient client = newClient((builder) -> builder.accessTokenLifetime(Duration.ofSeconds(90)));

		String token = this.http.accessToken(client.id(), client.secret(), null);

		JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofSeconds(90));
		assertThat(claims.getAudience()).containsExactly(TEST_AUDIENCE);
	}

	@Test
	void tokenWhenClientHasNoAudienceThenUnauthorizedClient() {
		TestClient client = newClient((builder) -> builder.audiences(Set.of()));

		assertError(this.http.token(client.id(), client.secret(), null), 400, "unauthorized_client");
	}

	@Test
	void tokenWhenClientSigningAlgorithmSetByHandToSomethingUnknownThenUnauthorizedClientNotServerError() {
		TestClient client = newClient();
		this.jdbc.sql("update oauth_client set signing_algorithm = 'rs256' where client_id = :id")
			.param("id", client.id())
			.update();

		assertError(this.http.token(client.id(), client.secret(), null), 400, "unauthorized_client");
	}

	@Test
	void tokenWhenIntrospectionClientAsksThenRefused() {
		assertError(this.http.token(introspector().id(), introspector().secret(), null), 400, "unauthorized_client");
	}

	@Test
	void tokenWhenTwoAuthenticationMethodsThenInvalidRequest() {
		TestClient client = newClient();

		Response response = this.http.post("/oauth2/token", client.id(), client.secret(),
				p("grant_type", "client_credentials"), p("client_id", client.id()),
				p("client_secret", client.secret()));

		assertError(response, 400, "invalid_request");
	}

	static List<Arguments> undecodableBodies() {
		return List.of(Arguments.of("bad %-escape in the secret", "client_secret=SECRET%zz"),
				Arguments.of("invalid UTF-8", "scope=%ff%fe&client_secret=SECRET"),
				Arguments.of("3 MB body", "client_secret=SECRET&scope=" + "a".repeat(3 * 1024 * 1024)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("undecodableBodies")
	void tokenWhenBodyUndecodableThenInvalidRequestAndSecretNotLogged(String name, String body) {
		TestClient client = newClient();

		Response response = this.http.send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("grant_type=client_credentials&client_id=" + client.id() + "&" + body.replace("SECRET", client.secret())))
			.build());

		// refused either while decoding (invalid_request) or for the undecodable scope it became (invalid_scope)
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error")).isIn("invalid_request", "invalid_scope");
		assertThat(response.header("Cache-Control")).contains("no-store");
	}

	@Test
	void tokenWhenWrongSecretThenInvalidClientWithWwwAuthenticate() {
		TestClient client = newClient();

		Response response = this.http.token(client.id(), client.secret() + "x", null);

		assertInvalidClient(response);
	}

	@Test
	void tokenWhenUnknownClientThenInvalidClient() {
		assertInvalidClient(this.http.token("no-such-client", "gh_cs_whatever-whatever-whatever-whatever", null));
	}

	@Test
	void tokenWhenNoCredentialsThenInvalidClient() {
		assertInvalidClient(this.http.post("/oauth2/token", null, null, p("grant_type", "client_credentials")));
	}

	@Test
	void tokenWhenClientDisabledThenInvalidClient() {
		TestClient client = newClient();
		this.registry.setEnabled(client.id(), false);

		assertInvalidClient(this.http.token(client.id(), client.secret(), null));
	}

	@Test
	void tokenWhenAuthenticationMethodNotAllowedForClientThenInvalidClient() {
		TestClient client = newClient((builder) -> builder.authMethods(Set.of("client_secret_basic")));

		Response response = this.http.post("/oauth2/token", null, null, p("grant_type", "client_credentials"),
				p("client_id", client.id()), p("client_secret", client.secret()));

		assertInvalidClient(response);
	}

	@Test
	void tokenWhenMalformedBasicHeaderThenClearErrorNotServerError() {
		Response response = this.http.send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Authorization", "Basic !!!not-base64!!!")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build());

		assertThat(response.status()).isBetween(400, 401);
		assertThat(response.json()).containsKey("error");
	}

	@Test
	void tokenWhenUnknownGrantThenUnsupportedGrantType() {
		TestClient client = newClient();

		Response response = this.http.post("/oauth2/token", client.id(), client.secret(),
				p("grant_type", "urn:example:unknown"));

		assertError(response, 400, "unsupported_grant_type");
	}

	@Test
	void tokenWhenGrantNotAllowedForClientThenUnauthorizedClient() {
		TestClient client = newClient();

		Response response = this.http.post("/oauth2/token", client.id(), client.secret(),
				p("grant_type", "refresh_token"), p("refresh_token", "whatever"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error")).isIn("unauthorized_client", "invalid_grant");
	}

	@Test
	void tokenWhenScopeNotAllowedThenInvalidScope() {
		TestClient client = newClient((builder) -> builder.scopes(Set.of("read:reports")));

		assertError(this.http.token(client.id(), client.secret(), "read:reports admin:everything"), 400,
				"invalid_scope");
	}

	static List<Arguments> repeatedParameters() {
		return List.of(Arguments.of("grant_type twice", List.of(p("grant_type", "client_credentials"),
				p("grant_type", "client_credentials"))),
				Arguments.of("scope twice",
						List.of(p("grant_type", "client_credentials"), p("scope", "read:reports"),
								p("scope", "write:reports"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("repeatedParameters")
	void tokenWhenParameterRepeatedThenInvalidRequest(String name, List<Param> params) {
		TestClient client = newClient();

		Response response = this.http.post("/oauth2/token", client.id(), client.secret(),
				params.toArray(Param[]::new));

		assertError(response, 400, "invalid_request");
	}

	@Test
	void tokenWhenClientIdRepeatedInPostThenInvalidRequest() {
		TestClient client = newClient();

		Response response = this.http.post("/oauth2/token", null, null, p("grant_type", "client_credentials"),
				p("client_id", client.id()), p("client_id", client.id()), p("client_secret", client.secret()));

		assertThat(response.status()).isBetween(400, 401);
		assertThat(response.json().get("error")).isIn("invalid_request", "invalid_client");
	}

	@Test
	void tokenWhenGetInsteadOfPostThenNoTokenAndNoServerError() {
		TestClient client = newClient();

		Response response = this.http.get("/oauth2/token?grant_type=client_credentials", "Authorization",
				dev.gatehouse.auth.testing.OAuthHttp.basic(client.id(), client.secret()));

		assertThat(response.status()).isBetween(400, 405);
		assertThat(response.body()).doesNotContain("access_token");
	}

	private static void assertInvalidClient(Response response) {
		assertError(response, 401, "invalid_client");
		assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
	}

	private static void assertError(Response response, int status, String error) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.json()).containsEntry("error", error);
		assertThat(response.header("Cache-Control")).contains("no-store");
		assertThat(response.header("Content-Type")).startsWith("application/json");
	}

	private static DefaultJWTProcessor<SecurityContext> independentVerifier() throws Exception {
		JWKSource<SecurityContext> keys = JWKSourceBuilder.create(new URL(ISSUER + "/oauth2/jwks")).build();
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
		return processor;
	}

}
