package dev.gatehouse.auth;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.ClientSecret;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp.Param;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import dev.gatehouse.auth.user.JdbcUserStore;
import dev.gatehouse.auth.user.Password;
import dev.gatehouse.auth.user.User;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the tests of the user-delegated flow: users, public and confidential apps, and the steps of the
 * authorization code flow as a browser and an app perform them over HTTP.
 */
public abstract class UserFlowTest extends GatehouseHttpTest {

	protected static final String REDIRECT_URI = "https://app.example/callback";

	@Autowired
	protected JdbcUserStore users;

	protected TestUser newUser(String... roles) {
		String username = "user-" + UUID.randomUUID();
		String password = NoSecretsInOutput.remember(Password.generate().reveal());
		User user = this.users.create(username, Set.of(roles), Password.of(password));
		return new TestUser(user.id(), username, password);
	}

	/** A public app: no secret, authorization code + refresh token, redirect URI {@value #REDIRECT_URI}. */
	protected TestClient newPublicClient(UnaryOperator<Client.Builder> customizer) {
		String id = "app-" + UUID.randomUUID();
		this.registry.register(customizer.apply(Client.builder(id)
			.publicClient()
			.scopes(Set.of("read:reports", "write:reports"))
			.audiences(Set.of(TEST_AUDIENCE))
			.redirectUris(List.of(REDIRECT_URI))).build());
		return new TestClient(id, null);
	}

	protected TestClient newPublicClient() {
		return newPublicClient(UnaryOperator.identity());
	}

	/** A confidential web app: a secret, authorization code + refresh token. */
	protected TestClient newConfidentialApp() {
		String id = "web-" + UUID.randomUUID();
		ClientSecret secret = ClientSecret.generate();
		NoSecretsInOutput.remember(secret.reveal());
		this.registry.register(Client.builder(id)
			.grantTypes(Set.of("authorization_code", "refresh_token"))
			.scopes(Set.of("read:reports", "write:reports"))
			.audiences(Set.of(TEST_AUDIENCE))
			.redirectUris(List.of(REDIRECT_URI))
			.secret(secret.hash())
			.build());
		return new TestClient(id, secret.reveal());
	}

	/**
	 * Runs the browser part of the flow: the authorization request, sign-in if needed, consent if asked
	 * (allowed); returns where the server finally sends the browser (normally the client's redirect URI).
	 */
	protected String authorize(Browser browser, TestClient client, TestUser user, String scope, String state,
			String verifier) {
		HttpResponse<String> response = browser.get(
				browser.authorizeUrl(Browser.codeRequest(client.id(), REDIRECT_URI, scope, state, verifier)));
		if (Browser.isRedirect(response) && Browser.location(response).endsWith("/login")) {
			response = browser.followOnServer(browser.signIn(user.username(), user.password()));
		}
		else {
			response = browser.followOnServer(response);
		}
		if (response.statusCode() == 200 && response.body().contains("id=\"allow\"")) {
			response = browser.followOnServer(browser.answerConsent(response, true));
		}
		assertThat(Browser.isRedirect(response)).as("the flow ends in a redirect: %s", response.body()).isTrue();
		String location = Browser.location(response);
		String code = Browser.query(location).get("code");
		if (code != null) {
			NoSecretsInOutput.remember(code);
		}
		return location;
	}

	/** The code from a successful authorization response to {@value #REDIRECT_URI}. */
	protected static String code(String redirect) {
		assertThat(redirect).startsWith(REDIRECT_URI + "?");
		String code = Browser.query(redirect).get("code");
		assertThat(code).as("code in %s", redirect).isNotNull();
		return code;
	}

	/** Exchanges a code at the token endpoint, as a public client (client_id) or with the client's secret. */
	protected Response exchange(TestClient client, String code, String verifier, Param... extra) {
		List<Param> params = new ArrayList<>(List.of(p("grant_type", "authorization_code"), p("code", code),
				p("redirect_uri", REDIRECT_URI)));
		if (verifier != null) {
			params.add(p("code_verifier", verifier));
		}
		params.addAll(List.of(extra));
		return tokenRequest(client, params);
	}

	protected Response refresh(TestClient client, String refreshToken, Param... extra) {
		List<Param> params = new ArrayList<>(List.of(p("grant_type", "refresh_token"), p("refresh_token", refreshToken)));
		params.addAll(List.of(extra));
		return tokenRequest(client, params);
	}

	private Response tokenRequest(TestClient client, List<Param> params) {
		Response response;
		if (client.secret() == null) {
			params.add(p("client_id", client.id()));
			response = this.http.post("/oauth2/token", null, null, params.toArray(Param[]::new));
		}
		else {
			response = this.http.post("/oauth2/token", client.id(), client.secret(), params.toArray(Param[]::new));
		}
		if (response.status() == 200) {
			remember(response.json(), "access_token", "refresh_token");
		}
		return response;
	}

	/** Signs the user in, consents, exchanges the code: the app's first tokens. */
	protected Map<String, Object> tokensFor(TestClient client, TestUser user, String scope) {
		String verifier = Browser.newVerifier();
		String redirect = authorize(new Browser(ISSUER), client, user, scope, "s-" + UUID.randomUUID(), verifier);
		Response tokens = exchange(client, code(redirect), verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		return tokens.json();
	}

	protected Response introspect(String token) {
		TestClient introspector = introspector();
		return this.http.post("/oauth2/introspect", introspector.id(), introspector.secret(), p("token", token));
	}

	private static void remember(Map<String, Object> json, String... names) {
		for (String name : names) {
			if (json.get(name) != null) {
				NoSecretsInOutput.remember(json.get(name).toString());
			}
		}
	}

	/** A user and their password. */
	public record TestUser(String id, String username, String password) {

		@Override
		public String toString() {
			return "TestUser[" + this.username + "]";
		}

	}

}
