package dev.gatehouse.auth;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.GatehouseProcess;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged server, started twice on the same working directory as a newcomer would run it: the first
 * start creates the demo clients and prints their secrets once; the second start prints nothing secret and
 * keeps clients and keys, so tokens issued before the restart still validate.
 */
class RestartIT {

	private static final Pattern EXPORTED = Pattern.compile("export (\\w+)=(\\S+)");

	@TempDir
	Path workingDirectory;

	@Test
	void restartKeepsClientsAndKeysAndPrintsSecretsOnlyOnFirstStart() throws Exception {
		int port = FreePort.find();
		String token;
		String secret;
		String introspectorSecret;
		String adminPassword;
		String refreshToken;
		try (GatehouseProcess first = GatehouseProcess.start(this.workingDirectory, port, Map.of())) {
			Map<String, String> printed = firstStartExports(first);
			secret = printed.get("DEMO_CLIENT_SECRET");
			introspectorSecret = printed.get("INTROSPECTOR_SECRET");
			assertThat(secret).startsWith("gh_cs_");
			assertThat(occurrences(first.output(), secret)).as("the secret is printed exactly once").isEqualTo(1);
			adminPassword = printed.get("ADMIN_PASSWORD");
			assertThat(adminPassword).hasSizeGreaterThanOrEqualTo(12);
			assertThat(occurrences(first.output(), adminPassword)).isEqualTo(1);
			token = new OAuthHttp(first.issuer()).accessToken("demo-client", secret, "read:reports");
			refreshToken = demoAppRefreshToken(first.issuer(), adminPassword);
		}
		assertThat(Files.exists(this.workingDirectory.resolve("data"))).isTrue();
		assertThat(Files.exists(this.workingDirectory.resolve("keys/key-encryption.key"))).isTrue();

		try (GatehouseProcess second = GatehouseProcess.start(this.workingDirectory, port, Map.of())) {
			OAuthHttp http = new OAuthHttp(second.issuer());
			assertThat(second.output()).doesNotContain(secret).doesNotContain(introspectorSecret)
				.doesNotContain(adminPassword)
				.doesNotContain("export ")
				.doesNotContain("ADMIN_PASSWORD");
			OAuthHttp.Response refreshed = http.post("/oauth2/token", null, null, p("grant_type", "refresh_token"),
					p("refresh_token", refreshToken), p("client_id", "demo-app"));
			assertThat(refreshed.status()).as("a refresh token from before the restart").isEqualTo(200);
			NoSecretsInOutput.remember(refreshed.json().get("refresh_token").toString());
			assertThat(http.post("/oauth2/introspect", "demo-api", introspectorSecret, p("token", token)).json())
				.containsEntry("active", true);
			DefaultJWTProcessor<SecurityContext> verifier = new DefaultJWTProcessor<>();
			verifier.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
			verifier.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
					JWKSourceBuilder.create(new URL(second.issuer() + "/oauth2/jwks")).build()));
			assertThat(verifier.process(token, null).getSubject()).isEqualTo("demo-client");
			assertThat(http.token("demo-client", secret, null).status()).isEqualTo(200);
			assertThat(second.output()).doesNotContain(token);
		}
	}

	@Test
	void bootstrapFromEnvironmentPrintsNoSecret() throws Exception {
		String secret = "env-provided-client-secret-0123456789abcdef";
		String introspectorSecret = "env-provided-introspector-secret-0123456789";
		Map<String, String> environment = Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_ID", "ci-client",
				"GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", secret, "GATEHOUSE_BOOTSTRAP_INTROSPECTOR_ID", "ci-api",
				"GATEHOUSE_BOOTSTRAP_INTROSPECTOR_SECRET", introspectorSecret);
		try (GatehouseProcess server = GatehouseProcess.start(this.workingDirectory, FreePort.find(), environment)) {
			OAuthHttp http = new OAuthHttp(server.issuer());
			String token = http.accessToken("ci-client", secret, "read:reports");

			assertThat(http.post("/oauth2/introspect", "ci-api", introspectorSecret, p("token", token)).json())
				.containsEntry("active", true);
			assertThat(server.output()).doesNotContain(secret).doesNotContain(introspectorSecret)
				.doesNotContain(token);
		}
	}

	/** The public demo app's first refresh token for the admin: sign in, consent, exchange the code. */
	private static String demoAppRefreshToken(String issuer, String adminPassword) {
		Browser browser = new Browser(issuer);
		String verifier = Browser.newVerifier();
		String redirectUri = "http://127.0.0.1:9876/callback";
		browser.get(browser.authorizeUrl(Browser.codeRequest("demo-app", redirectUri, "read:reports", "st", verifier)));
		HttpResponse<String> consent = browser.followOnServer(browser.signIn("admin", adminPassword));
		String code = Browser.query(Browser.location(browser.answerConsent(consent, true))).get("code");
		NoSecretsInOutput.remember(code);
		OAuthHttp.Response tokens = new OAuthHttp(issuer).post("/oauth2/token", null, null,
				p("grant_type", "authorization_code"), p("code", code), p("redirect_uri", redirectUri),
				p("code_verifier", verifier), p("client_id", "demo-app"));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		NoSecretsInOutput.remember(tokens.json().get("access_token").toString());
		return NoSecretsInOutput.remember(tokens.json().get("refresh_token").toString());
	}

	/**
	 * The export lines of a first start. They are printed by start-up runners, which run once the server already
	 * answers, so they may trail the moment the process counts as started by a little.
	 */
	private static Map<String, String> firstStartExports(GatehouseProcess server) throws InterruptedException {
		Map<String, String> printed = exports(server.output());
		for (int i = 0; i < 150 && !(printed.containsKey("DEMO_CLIENT_SECRET") && printed.containsKey("ADMIN_PASSWORD")); i++) {
			Thread.sleep(100);
			printed = exports(server.output());
		}
		return printed;
	}

	private static Map<String, String> exports(String output) {
		Map<String, String> values = new java.util.HashMap<>();
		Matcher matcher = EXPORTED.matcher(output);
		while (matcher.find()) {
			values.put(matcher.group(1), matcher.group(2));
		}
		return values;
	}

	private static int occurrences(String text, String value) {
		int count = 0;
		for (int i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
			count++;
		}
		return count;
	}

}
