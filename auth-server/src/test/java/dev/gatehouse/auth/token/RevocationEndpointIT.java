package dev.gatehouse.auth.token;

import dev.gatehouse.auth.GatehouseHttpTest;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.Test;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The revocation endpoint (RFC 7009), over HTTP through the real filter chain.
 */
class RevocationEndpointIT extends GatehouseHttpTest {

	@Test
	void revokeThenIntrospectionAnswersInactiveAtOnce() {
		TestClient client = newClient();
		String token = this.http.accessToken(client.id(), client.secret(), "read:reports");
		assertThat(introspect(token).json()).containsEntry("active", true);

		Response revoked = revoke(client, token);

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.header("Cache-Control")).contains("no-store");
		assertThat(introspect(token).body().replace(" ", "")).isEqualTo("{\"active\":false}");
	}

	@Test
	void revokeTwiceThenStill200() {
		TestClient client = newClient();
		String token = this.http.accessToken(client.id(), client.secret(), null);

		assertThat(revoke(client, token).status()).isEqualTo(200);
		assertThat(revoke(client, token).status()).isEqualTo(200);
	}

	@Test
	void revokeOnlyAffectsThatToken() {
		TestClient client = newClient();
		String first = this.http.accessToken(client.id(), client.secret(), null);
		String second = this.http.accessToken(client.id(), client.secret(), null);

		revoke(client, first);

		assertThat(introspect(second).json()).containsEntry("active", true);
	}

	@Test
	void revokeWhenUnknownTokenThen200() {
		TestClient client = newClient();

		assertThat(revoke(client, "no-such-token").status()).isEqualTo(200);
	}

	@Test
	void revokeWhenAnotherClientsTokenThenRefusedAndTokenStaysActive() {
		TestClient owner = newClient();
		TestClient other = newClient();
		String token = this.http.accessToken(owner.id(), owner.secret(), null);

		Response response = revoke(other, token);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "unauthorized_client");
		assertThat(introspect(token).json()).containsEntry("active", true);
	}

	@Test
	void revokeWhenNoCredentialsThenUnauthorized() {
		Response response = this.http.post("/oauth2/revoke", null, null, p("token", "whatever"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_client");
	}

	private Response revoke(TestClient client, String token) {
		return this.http.post("/oauth2/revoke", client.id(), client.secret(), p("token", token));
	}

	private Response introspect(String token) {
		return this.http.post("/oauth2/introspect", introspector().id(), introspector().secret(), p("token", token));
	}

}
