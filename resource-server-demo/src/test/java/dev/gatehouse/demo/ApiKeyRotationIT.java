package dev.gatehouse.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.GatehouseProcess;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key rotation done by an operator on a running Gatehouse (the {@code keys rotate} command), watched
 * by a running demo API: tokens signed with the new key are accepted without a restart (the API fetches
 * the JWKS again for the unknown {@code kid}), and tokens signed before the rotation stay accepted.
 * This server pre-publishes for 2 seconds instead of an hour, so the hand-over happens during the test.
 */
@ExtendWith(NoSecretsInOutput.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiKeyRotationIT {

	private static final String SECRET = NoSecretsInOutput.remember("rotation-client-secret-" + UUID.randomUUID());

	private static GatehouseProcess server;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void trustRotatingGatehouse(DynamicPropertyRegistry properties) {
		properties.add("gatehouse.issuer", ApiKeyRotationIT::issuer);
	}

	static synchronized String issuer() {
		if (server == null) {
			server = GatehouseProcess.start(Path.of("target", "e2e-rotation-" + UUID.randomUUID()), FreePort.find(),
					Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", SECRET, "GATEHOUSE_BOOTSTRAP_INTROSPECTOR_SECRET",
							NoSecretsInOutput.remember("rotation-introspector-" + UUID.randomUUID()),
							"GATEHOUSE_KEYS_PREPUBLICATION", "2s", "GATEHOUSE_KEYS_JWKSMAXAGE", "1s",
							"GATEHOUSE_KEYS_REFRESHINTERVAL", "1s"));
		}
		return server.issuer();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			for (String secret : NoSecretsInOutput.handled()) {
				assertThat(server.output().contains(secret)).as("a secret or token in the server's output").isFalse();
			}
			server.stop();
		}
	}

	@Test
	void tokensOfARotatedInKeyAreAcceptedWithoutRestart() throws Exception {
		OAuthHttp gatehouse = new OAuthHttp(issuer());
		OAuthHttp api = new OAuthHttp("http://localhost:" + this.port);
		String before = gatehouse.accessToken("demo-client", SECRET, "read:reports");
		assertThat(api.get("/api/v1/reports", "Authorization", "Bearer " + before).status()).isEqualTo(200);

		String created = server.keys("rotate", "ES256");
		assertThat(created).contains("Created es256-");

		String after = tokenWithAnotherKey(gatehouse, kid(before));
		assertThat(server.keys("list")).contains(kid(after) + "     ES256  CURRENT", kid(before) + "     ES256  RETIRED");
		assertThat(api.get("/api/v1/reports", "Authorization", "Bearer " + after).status()).isEqualTo(200);
		assertThat(api.get("/api/v1/reports", "Authorization", "Bearer " + before).status()).isEqualTo(200);
	}

	/** Asks for tokens until the new key has taken over: bounded, and the test fails if it never does. */
	private static String tokenWithAnotherKey(OAuthHttp gatehouse, String oldKid) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (Instant.now().isBefore(deadline)) {
			String token = gatehouse.accessToken("demo-client", SECRET, "read:reports");
			if (!kid(token).equals(oldKid)) {
				return token;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("the rotated-in key never started signing");
	}

	private static String kid(String token) throws Exception {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

}
