package dev.gatehouse.demo;

import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the demo API's end-to-end tests: the API on a random port, trusting the real authorization
 * server started by {@link RunningGatehouse}; nothing secret may appear in the output.
 */
@ExtendWith(NoSecretsInOutput.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class DemoApiTest {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void trustRunningGatehouse(DynamicPropertyRegistry properties) {
		properties.add("gatehouse.issuer", RunningGatehouse::issuer);
		properties.add("gatehouse.demo.introspection.client-id", () -> RunningGatehouse.INTROSPECTOR_ID);
		properties.add("gatehouse.demo.introspection.client-secret", () -> RunningGatehouse.INTROSPECTOR_SECRET);
	}

	/** The authorization server printed none of the secrets and tokens any test so far has handled. */
	@AfterAll
	static void serverPrintedNoSecret() {
		String output = RunningGatehouse.output();
		for (String secret : NoSecretsInOutput.handled()) {
			assertThat(output.contains(secret)).as("a secret or token appears in the server's output").isFalse();
		}
	}

	OAuthHttp api() {
		return new OAuthHttp("http://localhost:" + this.port);
	}

	static String token(String scope) {
		return RunningGatehouse.http()
			.accessToken(RunningGatehouse.CLIENT_ID, RunningGatehouse.CLIENT_SECRET, scope);
	}

	static String bearer(String token) {
		return "Bearer " + token;
	}

}
