package dev.gatehouse.auth.cluster;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.auth.GatehouseAuthServerApplication;
import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.ClientAdministration;
import dev.gatehouse.auth.client.ClientSecret;
import dev.gatehouse.auth.client.JdbcClientRegistry;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.keys.KeyView;
import dev.gatehouse.auth.keys.SigningAlgorithm;
import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import dev.gatehouse.auth.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Gatehouse instances (two application contexts on their own ports, as two servers behind a load
 * balancer) sharing one database — H2 in the H2 run, a PostgreSQL schema in the PostgreSQL run — and one
 * key-encryption key. They start at the same moment on an empty database.
 */
@BothDatabases
@ExtendWith(NoSecretsInOutput.class)
class TwoInstancesIT {

	private static final TestDatabase.Connection DATABASE = TestDatabase.fresh();

	private static final String KEY_DIRECTORY = "target/test-keys/" + UUID.randomUUID();

	/** Behind a load balancer both instances have the load balancer's URL as their issuer. */
	private static final String ISSUER = "https://gatehouse.example";

	private static final String INTROSPECTOR_SECRET = NoSecretsInOutput.remember("two-instances-" + UUID.randomUUID());

	private static final String DEMO_CLIENT_SECRET = NoSecretsInOutput.remember("two-instances-" + UUID.randomUUID());

	private static final String ADMIN_PASSWORD = NoSecretsInOutput.remember("two-instances-" + UUID.randomUUID());

	private static Instance a;

	private static Instance b;

	private static List<String> keysAtStart;

	private static List<String> clientsAtStart;

	private static List<String> usersAtStart;

	@BeforeAll
	static void startBothAtOnce() {
		CompletableFuture<Instance> first = CompletableFuture.supplyAsync(Instance::start);
		CompletableFuture<Instance> second = CompletableFuture.supplyAsync(Instance::start);
		a = first.join();
		b = second.join();
		keysAtStart = jdbc().sql("select algorithm from signing_key").query(String.class).list();
		clientsAtStart = jdbc().sql("select client_id from oauth_client").query(String.class).list();
		usersAtStart = jdbc().sql("select username from app_user").query(String.class).list();
	}

	@AfterAll
	static void stop() {
		for (Instance instance : new Instance[] { a, b }) {
			if (instance != null) {
				instance.context().close();
			}
		}
	}

	@Test
	void startedTogetherOnAnEmptyDatabaseTheyCreateOneKeyPerAlgorithmAndOneSetOfBootstrapClients() {
		assertThat(keysAtStart).containsExactlyInAnyOrder("ES256", "RS256", "EdDSA");
		assertThat(clientsAtStart).containsExactlyInAnyOrder("demo-client", "demo-api", "demo-app");
		assertThat(usersAtStart).containsExactly("admin");
		assertThat(publishedKids(b)).isEqualTo(publishedKids(a));
	}

	@Test
	void aTokenIssuedByOneVerifiesAgainstTheOthersKeysAndIntrospectsThere() throws Exception {
		Credentials client = newClient(a);
		String token = a.http().accessToken(client.id(), client.secret(), "read:reports");

		DefaultJWTProcessor<SecurityContext> verifier = new DefaultJWTProcessor<>();
		verifier.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
				JWKSourceBuilder.create(new URL(b.http().baseUrl() + "/oauth2/jwks")).build()));
		verifier.setJWSTypeVerifier((type, context) -> { });
		assertThat(verifier.process(SignedJWT.parse(token), null).getSubject()).isEqualTo(client.id());
		assertThat(introspect(b, token)).containsEntry("active", true).containsEntry("iss", ISSUER);
	}

	@Test
	void aRevocationAtOneIsSeenAtTheOthersIntrospectionAtOnce() {
		Credentials client = newClient(a);
		String token = b.http().accessToken(client.id(), client.secret(), "read:reports");
		assertThat(introspect(b, token)).containsEntry("active", true);

		assertThat(a.http().post("/oauth2/revoke", client.id(), client.secret(), p("token", token)).status())
			.isEqualTo(200);

		assertThat(introspect(b, token)).as("no wait: the denylist is read from the database").isEqualTo(
				Map.of("active", false));
	}

	@Test
	void aClientDisabledAtOneIsRefusedByTheOtherWithinOneSecond() {
		Credentials client = newClient(a);
		assertThat(b.http().token(client.id(), client.secret(), "read:reports").status())
			.as("B has the client in its cache now").isEqualTo(200);

		a.bean(JdbcClientRegistry.class).setEnabled(client.id(), false);
		Instant disabled = Instant.now();

		assertThat(within(Duration.ofSeconds(1),
				() -> b.http().token(client.id(), client.secret(), "read:reports").status() == 401))
			.as("B refuses the disabled client within a second (its client cache lives 500 ms)")
			.isTrue();
		report("client disabled at A, refused at B after", disabled);
	}

	@Test
	void aSecretRotatedAtOneWorksAtTheOtherWithinOneSecondAndTheOldOneStops() {
		Credentials client = newClient(a);
		assertThat(b.http().token(client.id(), client.secret(), "read:reports").status()).isEqualTo(200);

		ClientSecret rotated = a.bean(ClientAdministration.class).rotateSecret(client.id(), Duration.ZERO).orElseThrow();
		String newSecret = NoSecretsInOutput.remember(rotated.reveal());
		Instant rotatedAt = Instant.now();

		assertThat(within(Duration.ofSeconds(1),
				() -> b.http().token(client.id(), newSecret, "read:reports").status() == 200
						&& b.http().token(client.id(), client.secret(), "read:reports").status() == 401))
			.as("B takes the new secret and refuses the old one within a second (its client cache lives 500 ms)")
			.isTrue();
		report("secret rotated at A, B switched after", rotatedAt);
	}

	@Test
	void keysRotatedOrRevokedAtOneArePublishedOrWithdrawnByBoth() {
		KeyView next = a.bean(KeyRing.class).rotateNow(SigningAlgorithm.ES256);
		assertThat(within(Duration.ofSeconds(5), () -> b.http().get("/oauth2/jwks").body().contains(next.keyId())))
			.as("B publishes A's new key after its key refresh (2 s here)")
			.isTrue();

		Credentials client = newClient(a);
		String token = a.http().accessToken(client.id(), client.secret(), "read:reports");
		String signedWith = kid(token);
		assertThat(a.bean(KeyRing.class).revoke(signedWith)).isTrue();

		assertThat(within(Duration.ofSeconds(5), () -> !b.http().get("/oauth2/jwks").body().contains(signedWith)))
			.as("B withdraws the revoked key").isTrue();
		assertThat(introspect(b, token)).containsEntry("active", false);
		String after = b.http().accessToken(client.id(), client.secret(), "read:reports");
		assertThat(kid(after)).isNotEqualTo(signedWith);
		assertThat(introspect(a, after)).containsEntry("active", true);
	}

	@Test
	void aKeyStartedByARevocationAtOneIsKnownToTheOthersIntrospectionAtOnce() {
		Credentials client = newClient(a);
		String before = a.http().accessToken(client.id(), client.secret(), "read:reports");
		assertThat(introspect(b, withKid(before, "made-up-" + UUID.randomUUID())))
			.as("a made-up kid is inactive, and must not hold back the reload for a real one").containsEntry("active", false);
		assertThat(a.bean(KeyRing.class).revoke(kid(before))).isTrue();

		// A signs with a key it created this instant; B has not reloaded its keys on schedule yet
		String after = a.http().accessToken(client.id(), client.secret(), "read:reports");

		assertThat(introspect(b, after)).as("B reloads its keys for a kid it does not know").containsEntry("active", true);
	}

	@Test
	void everyScheduledJobRunsOnceWhenBothInstancesComeDue() {
		List<String> jobs = List.of("key-rotation", "denylist-purge", "grant-purge", "audit-purge");
		Map<String, Double> before = new java.util.HashMap<>();
		jobs.forEach((job) -> before.put(job, runs(job, "ran")));

		runEveryScheduledTask(a);
		runEveryScheduledTask(b);

		for (String job : jobs) {
			assertThat(runs(job, "ran") - before.get(job)).as(job + " ran once for the two instances").isEqualTo(1.0);
		}
		assertThat(jdbc().sql("select count(*) from cluster_job where last_run_at is not null").query(Long.class).single())
			.isEqualTo(jobs.size());
	}

	/** What Spring's scheduler would do when every job comes due: run each scheduled method of the instance. */
	private static void runEveryScheduledTask(Instance instance) {
		for (ScheduledTask task : instance.bean(ScheduledTaskHolder.class).getScheduledTasks()) {
			task.getTask().getRunnable().run();
		}
	}

	private static double runs(String job, String outcome) {
		return Set.of(a, b)
			.stream()
			.mapToDouble((instance) -> instance.bean(MeterRegistry.class)
				.counter("gatehouse.cluster.job.runs", "job", job, "outcome", outcome)
				.count())
			.sum();
	}

	private static Map<String, Object> introspect(Instance at, String token) {
		return at.http().post("/oauth2/introspect", "demo-api", INTROSPECTOR_SECRET, p("token", token)).json();
	}

	private static Credentials newClient(Instance at) {
		String id = "cluster-" + UUID.randomUUID();
		ClientSecret secret = ClientSecret.generate();
		NoSecretsInOutput.remember(secret.reveal());
		at.bean(JdbcClientRegistry.class)
			.register(Client.builder(id)
				.scopes(Set.of("read:reports"))
				.audiences(Set.of("cluster-api"))
				.secret(secret.hash())
				.build());
		return new Credentials(id, secret.reveal());
	}

	private static Set<String> publishedKids(Instance at) {
		try {
			return JWKSet.parse(at.http().get("/oauth2/jwks").body())
				.getKeys()
				.stream()
				.map(JWK::getKeyID)
				.collect(java.util.stream.Collectors.toSet());
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The token with another {@code kid} in its header (its signature no longer matters: the kid is unknown). */
	private static String withKid(String token, String kid) {
		String[] parts = token.split("\\.");
		String header = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}";
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(
				java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
	}

	private static String kid(String token) {
		try {
			return SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Polls until {@code condition} holds or {@code limit} passes; whether it held. */
	private static boolean within(Duration limit, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(limit);
		while (true) {
			if (condition.getAsBoolean()) {
				return true;
			}
			if (Instant.now().isAfter(deadline)) {
				return false;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	private static void report(String what, Instant since) {
		System.out.println("TwoInstancesIT: " + what + " " + Duration.between(since, Instant.now()).toMillis() + " ms");
	}

	private static JdbcClient jdbc() {
		return JdbcClient.create(DATABASE.dataSource());
	}

	private record Credentials(String id, String secret) {

		@Override
		public String toString() {
			return "Credentials[" + this.id + "]";
		}

	}

	/**
	 * Spring Boot's logging set-up is not safe for two applications starting in one JVM at the same instant
	 * ("Unable to find Spring Environment in logger context"), so the two instances take turns through it;
	 * everything after it, key creation and bootstrap included, still runs at the same time.
	 */
	private static final class LoggingSetUpOneAtATime {

		private static final ReentrantLock TURN = new ReentrantLock();

		static final ApplicationListener<ApplicationStartingEvent> TAKE = new Take();

		static final ApplicationListener<ApplicationEvent> GIVE_BACK = new GiveBack();

		private static final class Take implements ApplicationListener<ApplicationStartingEvent>, Ordered {

			@Override
			public void onApplicationEvent(ApplicationStartingEvent event) {
				TURN.lock();
			}

			@Override
			public int getOrder() {
				return Ordered.HIGHEST_PRECEDENCE;
			}

		}

		/** After the logging listener has configured logging for the environment, or when the start failed. */
		private static final class GiveBack implements ApplicationListener<ApplicationEvent>, Ordered {

			@Override
			public void onApplicationEvent(ApplicationEvent event) {
				if ((event instanceof ApplicationPreparedEvent || event instanceof ApplicationFailedEvent)
						&& TURN.isHeldByCurrentThread()) {
					TURN.unlock();
				}
			}

			@Override
			public int getOrder() {
				return LoggingApplicationListener.DEFAULT_ORDER + 1;
			}

		}

	}

	private record Instance(ConfigurableApplicationContext context, OAuthHttp http) {

		static Instance start() {
			int port = FreePort.find();
			List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
					"--management.server.port=" + FreePort.find(), "--gatehouse.issuer=" + ISSUER,
					"--spring.datasource.url=" + DATABASE.url(), "--spring.datasource.username=" + DATABASE.username(),
					"--spring.datasource.password=" + DATABASE.password(), "--gatehouse.keys.directory=" + KEY_DIRECTORY,
					"--gatehouse.keys.refresh-interval=2s",
					"--gatehouse.bootstrap.introspector.secret=" + INTROSPECTOR_SECRET,
					"--gatehouse.bootstrap.client.secret=" + DEMO_CLIENT_SECRET,
					"--gatehouse.bootstrap.admin.password=" + ADMIN_PASSWORD,
					// the schedules stay out of the way; the test runs the scheduled jobs itself
					"--gatehouse.keys.check-interval=1h", "--gatehouse.token.denylist-purge-interval=1h",
					"--gatehouse.token.grant-purge-interval=1h", "--gatehouse.audit.purge-interval=1h"));
			ConfigurableApplicationContext context = new SpringApplicationBuilder(GatehouseAuthServerApplication.class)
				.listeners(LoggingSetUpOneAtATime.TAKE, LoggingSetUpOneAtATime.GIVE_BACK)
				.run(arguments.toArray(String[]::new));
			return new Instance(context, new OAuthHttp("http://localhost:" + port));
		}

		<T> T bean(Class<T> type) {
			return this.context.getBean(type);
		}

	}

}
