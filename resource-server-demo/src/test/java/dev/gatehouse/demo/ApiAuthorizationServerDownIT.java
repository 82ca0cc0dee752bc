package dev.gatehouse.demo;

import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo API when the authorization server cannot be reached: a token that cannot be checked is a 503
 * problem (not a 500, not a stack trace), and the audit line says so.
 */
@ExtendWith({ NoSecretsInOutput.class, OutputCaptureExtension.class })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiAuthorizationServerDownIT {

	private static final int NOBODY_LISTENS = FreePort.find();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void unreachableIssuer(DynamicPropertyRegistry properties) {
		properties.add("gatehouse.issuer", () -> "http://127.0.0.1:" + NOBODY_LISTENS);
	}

	@Test
	void whenJwksUnreachableThenServiceUnavailableProblem(CapturedOutput output) {
		String token = "eyJraWQiOiJrMSIsInR5cCI6ImF0K2p3dCIsImFsZyI6IkVTMjU2In0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

		Response response = new OAuthHttp("http://localhost:" + this.port).get("/api/v1/me", "Authorization",
				"Bearer " + token, "X-Request-Id", "down-check-1");

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception");
		assertThat(output.getOut().lines().filter((line) -> line.contains("down-check-1")).findFirst().orElseThrow())
			.contains("\"status\":\"503\"", "\"outcome\":\"error\"");
	}

}
