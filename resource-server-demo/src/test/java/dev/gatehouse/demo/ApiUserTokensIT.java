package dev.gatehouse.demo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo API with tokens people got through the demo app (authorization code + PKCE on the real server):
 * the caller is the user, and the admin-only route follows the user's roles.
 */
class ApiUserTokensIT extends DemoApiTest {

	@Test
	void anAdminUsersTokenDeletesAReport() {
		String created = post(token("write:reports"), "{\"title\":\"to be deleted\"}").header("Location");
		String admin = RunningGatehouse.userTokens("admin", RunningGatehouse.ADMIN_PASSWORD, "read:reports")
			.get("access_token")
			.toString();

		Response me = api().get("/api/v1/me", "Authorization", bearer(admin));
		assertThat(me.json()).containsEntry("clientId", RunningGatehouse.APP_ID)
			.containsEntry("roles", List.of("admin"))
			.containsEntry("scopes", List.of("read:reports"));
		assertThat(me.json().get("subject").toString()).hasSize(36);
		assertThat(api().send(delete(created, admin)).status()).isEqualTo(204);
	}

	@Test
	void aNormalUsersTokenIsRefusedTheAdminRouteNamingTheRole() {
		String username = "e2e-user-" + UUID.randomUUID();
		String password = RunningGatehouse.addUser(username, "user");
		Map<String, Object> tokens = RunningGatehouse.userTokens(username, password, "read:reports write:reports");
		String user = tokens.get("access_token").toString();

		Response refused = api().send(delete("/api/v1/reports/1", user));

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
		assertThat(refused.json()).containsEntry("required_role", "admin");
		assertThat(api().get("/api/v1/me", "Authorization", bearer(user)).json()).containsEntry("roles",
				List.of("user"));
	}

	private Response post(String token, String json) {
		return api().send(HttpRequest.newBuilder(URI.create(api().baseUrl() + "/api/v1/reports"))
			.header("Authorization", bearer(token))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private HttpRequest delete(String path, String token) {
		return HttpRequest.newBuilder(URI.create(api().baseUrl() + path))
			.header("Authorization", bearer(token))
			.DELETE()
			.build();
	}

}
