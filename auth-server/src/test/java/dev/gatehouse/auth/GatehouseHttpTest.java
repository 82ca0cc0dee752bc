package dev.gatehouse.auth;

import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.ClientSecret;
import dev.gatehouse.auth.client.JdbcClientRegistry;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.keys.SigningAlgorithm;
import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import dev.gatehouse.auth.testing.ShiftedClock;
import dev.gatehouse.auth.testing.TestDatabase;
import dev.gatehouse.auth.user.LoginThrottle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP-level tests: the whole server on a real port (one context shared by every test class),
 * a fresh database (H2 in memory; a PostgreSQL schema in the PostgreSQL run), a throw-away key directory, DEBUG logging, and a check that nothing secret reached
 * the output. Each test registers the clients it needs, so tests never share mutable state.
 */
@BothDatabases
@ExtendWith(NoSecretsInOutput.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(ShiftedClock.Configuration.class)
public abstract class GatehouseHttpTest {

	private static final int PORT = FreePort.find();

	protected static final int MANAGEMENT_PORT = FreePort.find();

	protected static final String ISSUER = "http://localhost:" + PORT;

	protected static final String DEMO_CLIENT_SECRET = NoSecretsInOutput
		.remember("test-demo-client-secret-" + UUID.randomUUID());

	protected static final String INTROSPECTOR_SECRET = NoSecretsInOutput
		.remember("test-introspector-secret-" + UUID.randomUUID());

	protected static final String ADMIN_PASSWORD = NoSecretsInOutput.remember("test-admin-password-" + UUID.randomUUID());

	/** A fresh in-memory H2 database, or a fresh PostgreSQL schema in the PostgreSQL run. */
	private static final TestDatabase.Connection DATABASE = TestDatabase.fresh();

	private static final String KEY_DIRECTORY = "target/test-keys/" + UUID.randomUUID();

	protected final OAuthHttp http = new OAuthHttp(ISSUER);

	@Autowired
	protected JdbcClientRegistry registry;

	@Autowired
	protected KeyRing keyRing;

	/** The server's clock: real time, shifted by tests that check expiry; back to real time after each test. */
	@Autowired
	protected ShiftedClock clock;

	@Autowired
	private LoginThrottle loginThrottle;

	/** Each test starts on the real clock with no sign-in failures counted (all tests sign in from loopback). */
	@AfterEach
	void resetClockAndThrottle() {
		this.clock.reset();
		this.loginThrottle.forgetAll();
	}

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry properties) {
		properties.add("server.port", () -> PORT);
		properties.add("management.server.port", () -> MANAGEMENT_PORT);
		properties.add("gatehouse.issuer", () -> ISSUER);
		properties.add("spring.datasource.url", DATABASE::url);
		properties.add("spring.datasource.username", DATABASE::username);
		properties.add("spring.datasource.password", DATABASE::password);
		properties.add("gatehouse.keys.directory", () -> KEY_DIRECTORY);
		properties.add("gatehouse.bootstrap.client.secret", () -> DEMO_CLIENT_SECRET);
		properties.add("gatehouse.bootstrap.introspector.secret", () -> INTROSPECTOR_SECRET);
		properties.add("gatehouse.bootstrap.admin.password", () -> ADMIN_PASSWORD);
		properties.add("logging.level.dev.gatehouse", () -> "DEBUG");
		properties.add("logging.level.org.springframework.security", () -> "DEBUG");
	}

	/** The audience of test clients' tokens unless a test sets its own. */
	protected static final String TEST_AUDIENCE = "test-api";

	/** Registers a fresh client (client_credentials, both secret methods, audience {@value #TEST_AUDIENCE}). */
	protected TestClient newClient(UnaryOperator<Client.Builder> customizer) {
		String id = "test-" + UUID.randomUUID();
		ClientSecret secret = ClientSecret.generate();
		NoSecretsInOutput.remember(secret.reveal());
		this.registry.register(customizer.apply(Client.builder(id)
			.scopes(Set.of("read:reports", "write:reports"))
			.audiences(Set.of(TEST_AUDIENCE)))
			.secret(secret.hash())
			.build());
		return new TestClient(id, secret.reveal());
	}

	protected TestClient newClient() {
		return newClient(UnaryOperator.identity());
	}

	protected TestClient introspector() {
		return new TestClient("demo-api", INTROSPECTOR_SECRET);
	}

	/** Signs claims with the server's current key of the header's algorithm, as a forger holding the key would. */
	protected String signWithServerKey(JWSHeader header, JWTClaimsSet claims) throws Exception {
		KeyRing.ActiveKey key = this.keyRing.signingKey(SigningAlgorithm.of(header.getAlgorithm().getName()));
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(header).keyID(key.keyId()).build(), claims);
		jwt.sign(key.signer());
		return NoSecretsInOutput.remember(jwt.serialize());
	}

	/** A registered client's credentials. */
	public record TestClient(String id, String secret) {

		@Override
		public String toString() {
			return "TestClient[" + this.id + "]";
		}

	}

}
