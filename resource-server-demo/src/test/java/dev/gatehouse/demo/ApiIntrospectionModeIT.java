package dev.gatehouse.demo;

import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo API in introspection mode: every token is checked at the authorization server, so a revoked
 * token is refused at once.
 */
@TestPropertySource(properties = "gatehouse.demo.token-validation=introspection")
class ApiIntrospectionModeIT extends DemoApiTest {

	@Test
	void whenLiveTokenThenAllowedWithScopes() {
		Response response = api().get("/api/v1/me", "Authorization", bearer(token("read:reports")));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("subject", "demo-client").containsEntry("clientId", "demo-client");
		assertThat(api().get("/api/v1/reports", "Authorization", bearer(token("read:reports"))).status())
			.isEqualTo(200);
	}

	@Test
	void whenScopeMissingThenInsufficientScope() {
		Response response = api().get("/api/v1/reports", "Authorization", bearer(token("write:reports")));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("WWW-Authenticate")).contains("scope=\"read:reports\"");
	}

	@Test
	void whenTokenRevokedThenRefusedAtOnce() {
		String token = token("read:reports");
		assertThat(api().get("/api/v1/me", "Authorization", bearer(token)).status()).isEqualTo(200);

		assertThat(RunningGatehouse.http()
			.post("/oauth2/revoke", RunningGatehouse.CLIENT_ID, RunningGatehouse.CLIENT_SECRET, p("token", token))
			.status()).isEqualTo(200);

		Response response = api().get("/api/v1/me", "Authorization", bearer(token));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
	}

	@Test
	void whenGarbageThenInvalidToken() {
		assertThat(api().get("/api/v1/me", "Authorization", "Bearer garbage").status()).isEqualTo(401);
	}

}
