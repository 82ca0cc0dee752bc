package dev.gatehouse.auth.keys;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.GatehouseAuthServerApplication;
import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.ClientSecret;
import dev.gatehouse.auth.client.JdbcClientRegistry;
import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.MutableClock;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import dev.gatehouse.auth.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation end to end over HTTP, on a clock the test moves: pre-publication, hand-over, retirement,
 * revocation, every algorithm verified by Nimbus against the published JWKS, and the lifecycle state read
 * back by a second instance on the same database.
 */
@ExtendWith(NoSecretsInOutput.class)
@BothDatabases
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class KeyRotationIT {

	private static final int PORT = FreePort.find();

	private static final int MANAGEMENT_PORT = FreePort.find();

	private static final String ISSUER = "http://localhost:" + PORT;

	private static final TestDatabase.Connection DATABASE = TestDatabase.fresh();

	private static final String KEY_DIRECTORY = "target/test-keys/" + UUID.randomUUID();

	private static final MutableClock CLOCK = new MutableClock(Instant.now());

	@TestBean
	Clock clock;

	@Autowired
	KeyRing keyRing;

	@Autowired
	JdbcClientRegistry registry;

	private final OAuthHttp http = new OAuthHttp(ISSUER);

	static Clock clock() {
		return CLOCK;
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
		properties.add("gatehouse.bootstrap.enabled", () -> false);
		// the schedule is driven by the test, not by the background job
		properties.add("gatehouse.keys.check-interval", () -> "1d");
	}

	@Test
	void rotationKeepsEveryValidTokenValidAndRevocationEndsThemAtOnce() throws Exception {
		Credentials client = client(null);
		Credentials introspector = introspector();
		String es1 = currentKid(SigningAlgorithm.ES256);
		assertThat(jwksKids()).contains(es1);

		// the rotation comes due: the next key is published a prepublication window before it signs
		CLOCK.advance(Duration.ofDays(30).minus(Duration.ofHours(1)));
		this.keyRing.rotate();
		String es2 = stateOf(KeyState.NEXT, SigningAlgorithm.ES256);
		assertThat(jwksKids()).contains(es1, es2);
		assertThat(currentKid(SigningAlgorithm.ES256)).isEqualTo(es1);

		// a token signed just before the hand-over ...
		CLOCK.advance(Duration.ofHours(1).minusMinutes(1));
		String before = token(client);
		assertThat(kid(before)).isEqualTo(es1);

		// ... stays valid after it, while new tokens are signed with the new key
		CLOCK.advance(Duration.ofMinutes(2));
		assertThat(introspect(introspector, before)).containsEntry("active", true);
		String after = token(client);
		assertThat(kid(after)).isEqualTo(es2);
		assertThat(stateOf(KeyState.RETIRED, SigningAlgorithm.ES256)).isEqualTo(es1);
		assertThat(jwksKids()).contains(es1, es2);
		assertThat(verifiedSubject(after, JWSAlgorithm.ES256)).isEqualTo(client.id());

		// the old token expires on its own; the retired key leaves the JWKS after the retention
		CLOCK.advance(Duration.ofMinutes(5));
		assertThat(introspect(introspector, before)).containsEntry("active", false);
		CLOCK.advance(Duration.ofDays(1));
		this.keyRing.rotate();
		assertThat(jwksKids()).doesNotContain(es1).contains(es2);
		assertThat(this.keyRing.keys()).extracting(KeyView::keyId).doesNotContain(es1);

		// compromise: revoking the current key invalidates its tokens at once and a new key takes over
		String signedBeforeRevocation = token(client);
		assertThat(introspect(introspector, signedBeforeRevocation)).containsEntry("active", true);
		assertThat(this.keyRing.revoke(es2)).isTrue();
		assertThat(introspect(introspector, signedBeforeRevocation)).containsEntry("active", false);
		assertThat(jwksKids()).doesNotContain(es2);
		String es3 = currentKid(SigningAlgorithm.ES256);
		assertThat(es3).isNotIn(es1, es2);
		String replacement = token(client);
		assertThat(kid(replacement)).isEqualTo(es3);
		assertThat(introspect(introspector, replacement)).containsEntry("active", true);
	}

	@Test
	void everyAlgorithmSignsTokensThatNimbusVerifiesAgainstTheJwks() throws Exception {
		for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
			Credentials client = client(algorithm.name());

			String token = token(client);

			SignedJWT jwt = SignedJWT.parse(token);
			assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(algorithm.getName());
			assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
			assertThat(verifiedSubject(token, jwt.getHeader().getAlgorithm())).isEqualTo(client.id());
			assertThat(introspect(introspector(), token)).containsEntry("active", true);
		}
	}

	@Test
	void jwksHasOnlyPublicMembersAndMayBeCachedForTheConfiguredMaxAge() {
		OAuthHttp.Response response = this.http.get("/oauth2/jwks");

		assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=900");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> keys = (List<Map<String, Object>>) response.json().get("keys");
		assertThat(keys).extracting((key) -> key.get("kty")).contains("EC", "RSA", "OKP");
		for (Map<String, Object> key : keys) {
			assertThat(key).containsKeys("kid", "kty", "alg", "use").containsEntry("use", "sig");
			assertThat(key).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "k");
		}
	}

	@Test
	void secondInstanceOnTheSameDatabaseReadsTheSameKeysAndStates() {
		KeyView next = this.keyRing.rotateNow(SigningAlgorithm.RS256);
		assertThat(next.state()).isEqualTo(KeyState.NEXT);

		int port = FreePort.find();
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(GatehouseAuthServerApplication.class)
			.initializers((context) -> context.getBeanFactory()
				.addBeanPostProcessor(new BeanPostProcessor() {
					@Override
					public Object postProcessAfterInitialization(Object bean, String name) {
						return (bean instanceof Clock) ? CLOCK : bean;
					}
				}))
			.run("--server.port=" + port, "--gatehouse.issuer=" + ISSUER, "--spring.datasource.url=" + DATABASE.url(),
					"--spring.datasource.username=" + DATABASE.username(),
					"--spring.datasource.password=" + DATABASE.password(),
					"--gatehouse.keys.directory=" + KEY_DIRECTORY, "--gatehouse.bootstrap.enabled=false")) {
			List<KeyView> seen = second.getBean(KeyRing.class).keys();
			assertThat(seen).containsExactlyInAnyOrderElementsOf(this.keyRing.keys());
			assertThat(new OAuthHttp("http://localhost:" + port).get("/oauth2/jwks").body())
				.isEqualTo(this.http.get("/oauth2/jwks").body());
		}
	}

	private Credentials client(String algorithm) {
		String id = "rotation-" + UUID.randomUUID();
		ClientSecret secret = ClientSecret.generate();
		NoSecretsInOutput.remember(secret.reveal());
		this.registry.register(Client.builder(id)
			.signingAlgorithm(algorithm)
			.audiences(Set.of("rotation-api"))
			.secret(secret.hash())
			.build());
		return new Credentials(id, secret.reveal());
	}

	private Credentials introspector() {
		String id = "introspector-" + UUID.randomUUID();
		ClientSecret secret = ClientSecret.generate();
		NoSecretsInOutput.remember(secret.reveal());
		this.registry.register(Client.builder(id).mayIntrospect(true).secret(secret.hash()).build());
		return new Credentials(id, secret.reveal());
	}

	private String token(Credentials client) {
		return this.http.accessToken(client.id(), client.secret(), null);
	}

	private Map<String, Object> introspect(Credentials caller, String token) {
		return this.http.post("/oauth2/introspect", caller.id(), caller.secret(), p("token", token)).json();
	}

	private String currentKid(SigningAlgorithm algorithm) {
		return stateOf(KeyState.CURRENT, algorithm);
	}

	private String stateOf(KeyState state, SigningAlgorithm algorithm) {
		return this.keyRing.keys()
			.stream()
			.filter((key) -> key.state() == state && key.algorithm() == algorithm)
			.map(KeyView::keyId)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + state + " " + algorithm + " key"));
	}

	@SuppressWarnings("unchecked")
	private Set<String> jwksKids() {
		List<Map<String, Object>> keys = (List<Map<String, Object>>) this.http.get("/oauth2/jwks").json().get("keys");
		return Set.copyOf(keys.stream().map((key) -> key.get("kid").toString()).toList());
	}

	private static String kid(String token) throws Exception {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

	/**
	 * Nimbus' own verifiers (the JDK's for EC and RSA, Tink's for Ed25519) with the key the JWKS publishes
	 * under the token's {@code kid}, as a resource server would; {@code exp} is not checked (the clock is ours).
	 */
	private static String verifiedSubject(String token, JWSAlgorithm algorithm) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(algorithm);
		JWK key = JWKSet.load(new URL(ISSUER + "/oauth2/jwks")).getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(key).as("the JWKS publishes the token's kid").isNotNull();
		assertThat(key.isPrivate()).isFalse();
		JWSVerifier verifier = switch (key.getKeyType().getValue()) {
			case "EC" -> new ECDSAVerifier(key.toECKey());
			case "RSA" -> new RSASSAVerifier(key.toRSAKey());
			default -> new Ed25519Verifier(key.toOctetKeyPair());
		};
		assertThat(jwt.verify(verifier)).isTrue();
		return jwt.getJWTClaimsSet().getSubject();
	}

	private record Credentials(String id, String secret) {

		@Override
		public String toString() {
			return "Credentials[" + this.id + "]";
		}

	}

}
