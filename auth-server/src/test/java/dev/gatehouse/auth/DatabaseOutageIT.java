package dev.gatehouse.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.GatehouseProcess;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A database outage (issue 8): the packaged server runs on a PostgreSQL cluster of its own, which the test
 * takes away under it, twice. Stopped (connections refused: a crashed or restarting database) and frozen
 * (its processes stopped with SIGSTOP: connections open but never answered, as in a network partition or a
 * database stuck on its storage). Either way the token, introspection and revocation endpoints must answer
 * 503 {@code temporarily_unavailable} in OAuth's JSON within the configured timeouts, never hang and never
 * show a stack trace or SQL; health and readiness must go DOWN so a load balancer stops sending traffic,
 * while liveness stays UP so an orchestrator does not restart a process that is fine. When the database
 * returns, the same process serves again within seconds, and tokens issued before the outage still hold.
 * <p>
 * The cluster is named by {@code GATEHOUSE_TEST_OUTAGE_CLUSTER} ({@code "15 outage"}: version and name, as
 * {@code pg_lsclusters} lists them) on port {@code GATEHOUSE_TEST_OUTAGE_PORT} (default 5433), with the
 * role and database {@code gatehouse_outage} ({@code .ci/postgresql-outage-cluster} creates all of it, as
 * root). The test stops it with {@code pg_ctlcluster}, so it must never be a cluster other tests use. Without
 * it the test is skipped with the reason, except under {@code CI=true}, where that fails it.
 * <p>
 * Not {@code @BothDatabases}: it needs a database it may stop, which neither run's database is.
 */
@ExtendWith(NoSecretsInOutput.class)
class DatabaseOutageIT {

	private static final String CLIENT_ID = "demo-client";

	private static final String CLIENT_SECRET = NoSecretsInOutput
		.remember("outage-it-client-secret-" + UUID.randomUUID());

	private static final String INTROSPECTOR_ID = "demo-api";

	private static final String INTROSPECTOR_SECRET = NoSecretsInOutput
		.remember("outage-it-introspector-secret-" + UUID.randomUUID());

	private static final String ADMIN_PASSWORD = NoSecretsInOutput.remember("outage-it-admin-" + UUID.randomUUID());

	/**
	 * The test database's role, password and name. The password is not remembered as a secret: it is the role's
	 * name, which the server rightly prints (Flyway names the database it migrates).
	 */
	private static final String DATABASE = "gatehouse_outage";

	private static final String SCHEMA_PREFIX = "gh_outage_";

	private static final Settings SETTINGS = Settings.fromApplicationYml();

	/**
	 * How long a request may take while the database is refused: the wait for a pool connection (the pool
	 * checks each idle one first, which may overrun that wait by one check), plus a margin for the machine.
	 */
	private static final Duration STOPPED_BOUND = SETTINGS.connectionTimeout()
		.plus(SETTINGS.validationTimeout())
		.plus(Settings.MARGIN);

	/** Threads sending requests while the database freezes, so that some have a query on the wire. */
	private static final int WORKERS = 4;

	/** How long the server gets to serve again once the database is back, without a restart. */
	private static final Duration RECOVERY = Duration.ofSeconds(30);

	/**
	 * The load's tokens are not remembered with {@link NoSecretsInOutput} (every later test class would search
	 * its output for each of them): the server's output is searched for anything token-shaped instead.
	 */
	private static final Pattern TOKEN_SHAPED = Pattern.compile("gh_rt_|eyJ[A-Za-z0-9_-]+\\.eyJ");

	private static OutageCluster cluster;

	@TempDir
	Path workingDirectory;

	private GatehouseProcess server;

	@BeforeAll
	static void findTheCluster() {
		cluster = OutageCluster.fromEnvironment();
		cluster.dropSchemasOfEarlierRuns();
	}

	/**
	 * Gives the database back whatever happened (the cluster is left running for the next run), stops the
	 * server and hands what it printed to {@link NoSecretsInOutput}.
	 */
	@AfterEach
	void giveTheDatabaseBack() {
		try {
			if (cluster != null) {
				cluster.thaw();
				cluster.start();
			}
		}
		finally {
			if (this.server != null) {
				this.server.stop();
				System.out.println(this.server.output());
			}
		}
	}

	@Test
	void aStoppedDatabaseIsAnswered503AndTheSameProcessServesAgainOnceItIsBack() {
		this.server = startServer();
		OAuthHttp http = new OAuthHttp("http://127.0.0.1:" + this.server.port());
		OAuthHttp management = new OAuthHttp("http://127.0.0.1:" + this.server.managementPort());
		String issuedBefore = http.accessToken(CLIENT_ID, CLIENT_SECRET, "read:reports");
		String toRevoke = http.accessToken(CLIENT_ID, CLIENT_SECRET, "read:reports");
		assertThat(health(management, "/actuator/health/readiness").status()).isEqualTo(200);

		cluster.stop();

		List<Timed> refused = everyProtocolEndpointAnswers503(http, toRevoke, STOPPED_BOUND);
		List<Timed> health = healthIsDownAndLivenessUp(management, STOPPED_BOUND);

		cluster.start();

		Duration recovery = awaitRecovery(http, management, issuedBefore);
		outputHasNoStackTraceForTheRefusedRequests("stopped");
		System.out.printf("DatabaseOutageIT, stopped: %s; %s (bound %d ms); serving again %d ms after the database "
				+ "was back%n", summary(refused), summary(health), STOPPED_BOUND.toMillis(), recovery.toMillis());
	}

	@Test
	void aDatabaseThatStopsAnsweringIsAnswered503WithinTheTimeoutsAndServedAgainOnceItAnswers() throws Exception {
		Duration frozenBound = SETTINGS.frozenBound();
		this.server = startServer();
		OAuthHttp http = new OAuthHttp("http://127.0.0.1:" + this.server.port());
		OAuthHttp management = new OAuthHttp("http://127.0.0.1:" + this.server.managementPort());
		String issuedBefore = http.accessToken(CLIENT_ID, CLIENT_SECRET, "read:reports");
		String toRevoke = http.accessToken(CLIENT_ID, CLIENT_SECRET, "read:reports");
		Load load = new Load(this.server.port(), issuedBefore, frozenBound.plus(Duration.ofSeconds(30)));
		load.start();
		// the freeze must catch requests with a query on the wire, not only requests yet to borrow a connection
		load.awaitAnswers(200);

		cluster.freeze();
		long frozenAt = System.nanoTime();
		// every request in flight at the freeze, and every one sent after it, runs into its timeout meanwhile
		TimeUnit.MILLISECONDS.sleep(frozenBound.toMillis());
		load.stop();

		assertThat(load.stillWaiting())
			.as("load threads still waiting for an answer %d s after the database froze (a hang; %s)",
					TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - frozenAt), SETTINGS.socketTimeoutText())
			.isEmpty();
		List<Answer> answers = load.answers();
		assertThat(answers.stream().filter((answer) -> answer.status() < 0).toList())
			.as("load requests the client gave up on after %s (a hang; %s)", load.clientTimeout,
					SETTINGS.socketTimeoutText())
			.isEmpty();
		assertThat(answers.stream().filter((answer) -> answer.took().compareTo(frozenBound) > 0).toList())
			.as("load answers slower than %s while the database froze (%s)", frozenBound, SETTINGS.socketTimeoutText())
			.isEmpty();
		assertThat(answers.stream()
			.filter((answer) -> answer.status() >= 0 && answer.status() != 200
					&& !isTemporarilyUnavailable(answer.status(), answer.body()))
			.toList()).as("load answers other than 200 or 503 temporarily_unavailable").isEmpty();
		assertThat(answers).as("503 answers to the requests in flight or sent once the database froze")
			.anyMatch((answer) -> answer.status() == 503);

		List<Timed> refused = everyProtocolEndpointAnswers503(http, toRevoke, frozenBound);
		List<Timed> health = healthIsDownAndLivenessUp(management, frozenBound);

		cluster.thaw();

		Duration recovery = awaitRecovery(http, management, issuedBefore);
		outputHasNoStackTraceForTheRefusedRequests("frozen");
		Duration slowest = answers.stream().map(Answer::took).max(Duration::compareTo).orElse(Duration.ZERO);
		System.out.printf("DatabaseOutageIT, frozen: %d load requests (%d answered 503, slowest %d ms); then %s; %s "
				+ "(bound %d ms); serving again %d ms after the database thawed%n", answers.size(),
				answers.stream().filter((answer) -> answer.status() == 503).count(), slowest.toMillis(),
				summary(refused), summary(health), frozenBound.toMillis(), recovery.toMillis());
	}

	private GatehouseProcess startServer() {
		Map<String, String> environment = new HashMap<>(cluster.freshSchemaDataSource());
		environment.putAll(Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", CLIENT_SECRET,
				"GATEHOUSE_BOOTSTRAP_INTROSPECTOR_SECRET", INTROSPECTOR_SECRET, "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD",
				ADMIN_PASSWORD));
		GatehouseProcess started = GatehouseProcess.start(this.workingDirectory, FreePort.find(), environment);
		this.server = started;
		awaitOutput(started, "Created bootstrap clients");
		awaitOutput(started, "Created the admin user");
		return started;
	}

	/** A client credentials request, an introspection and a revocation, each answered 503 within the bound. */
	private static List<Timed> everyProtocolEndpointAnswers503(OAuthHttp http, String token, Duration bound) {
		Timed issue = timed("the token request", bound, () -> http.post("/oauth2/token", CLIENT_ID, CLIENT_SECRET,
				p("grant_type", "client_credentials"), p("scope", "read:reports")));
		Timed introspect = timed("the introspection", bound,
				() -> http.post("/oauth2/introspect", INTROSPECTOR_ID, INTROSPECTOR_SECRET, p("token", token)));
		Timed revoke = timed("the revocation", bound,
				() -> http.post("/oauth2/revoke", CLIENT_ID, CLIENT_SECRET, p("token", token)));
		for (Timed answer : List.of(issue, introspect, revoke)) {
			assertThat(answer.took()).as("%s answered after", answer.what()).isLessThanOrEqualTo(bound);
			assertThat(answer.response().status()).as("%s: %s", answer.what(), answer.response().body())
				.isEqualTo(503);
			assertThat(isTemporarilyUnavailable(answer.response())).as("%s: %s", answer.what(), answer.response().body())
				.isTrue();
			assertThat(answer.response().header("Content-Type")).startsWith("application/json");
			assertThat(answer.response().header("Cache-Control")).isEqualTo("no-store");
		}
		return List.of(issue, introspect, revoke);
	}

	/**
	 * Health and readiness DOWN (503: the load balancer takes the instance out), liveness UP (200: an
	 * orchestrator must not restart a process that is fine for a database that is not).
	 */
	private static List<Timed> healthIsDownAndLivenessUp(OAuthHttp management, Duration bound) {
		List<Timed> answers = new ArrayList<>();
		for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
			Timed health = timed(path, bound, () -> health(management, path));
			answers.add(health);
			assertThat(health.took()).as("%s answered after", path).isLessThanOrEqualTo(bound);
			assertThat(health.response().status()).as("%s: %s", path, health.response().body()).isEqualTo(503);
			assertThat(health.response().json()).as(path).containsEntry("status", "DOWN");
		}
		Timed liveness = timed("liveness", bound, () -> health(management, "/actuator/health/liveness"));
		assertThat(liveness.response().status()).as("liveness: %s", liveness.response().body()).isEqualTo(200);
		assertThat(liveness.response().json()).containsEntry("status", "UP");
		answers.add(liveness);
		return answers;
	}

	private static String summary(List<Timed> answers) {
		return answers.stream()
			.map((answer) -> answer.what() + " " + answer.response().status() + " in " + answer.took().toMillis() + " ms")
			.collect(Collectors.joining(", "));
	}

	/**
	 * Polls until a new token is issued, the token from before the outage introspects active and health and
	 * readiness are UP again; returns how long that took once the database was back.
	 */
	private static Duration awaitRecovery(OAuthHttp http, OAuthHttp management, String issuedBefore) {
		long back = System.nanoTime();
		long deadline = back + RECOVERY.toNanos();
		List<String> last = List.of();
		while (System.nanoTime() < deadline) {
			Response issue = http.token(CLIENT_ID, CLIENT_SECRET, "read:reports");
			Response introspection = http.post("/oauth2/introspect", INTROSPECTOR_ID, INTROSPECTOR_SECRET,
					p("token", issuedBefore));
			Response health = health(management, "/actuator/health");
			Response readiness = health(management, "/actuator/health/readiness");
			if (issue.status() == 200 && introspection.status() == 200
					&& Boolean.TRUE.equals(introspection.json().get("active")) && health.status() == 200
					&& readiness.status() == 200) {
				return Duration.ofNanos(System.nanoTime() - back);
			}
			last = List.of("token " + issue.status() + " " + (issue.status() == 200 ? "(issued)" : issue.body()),
					"introspection " + introspection.status() + " " + introspection.body(),
					"health " + health.status() + " " + health.body(),
					"readiness " + readiness.status() + " " + readiness.body());
			sleep(Duration.ofMillis(250));
		}
		return fail("Gatehouse did not serve again within %s of the database's return; last answers:%n%s", RECOVERY,
				String.join("\n", last));
	}

	/**
	 * The refusals are logged by class name only (their messages can quote parameters), and nothing is printed
	 * outside the JSON lines; no secret or token is printed at all. Other components (the pool, the health
	 * indicator, the scheduler) may attach a stack trace to their JSON line: listed, not failed.
	 */
	private void outputHasNoStackTraceForTheRefusedRequests(String scenario) {
		List<String> lines = this.server.output().lines().toList();
		List<Map<String, Object>> refusals = lines.stream()
			.filter((line) -> line.startsWith("{") && line.contains("Database unavailable at "))
			.map(DatabaseOutageIT::parse)
			.toList();
		assertThat(refusals).as("log lines of the refused requests").isNotEmpty();
		assertThat(refusals).as("a refused request logged with a stack trace")
			.noneMatch((line) -> line.containsKey("error"));
		assertThat(lines).as("a stack trace printed outside a JSON line")
			.noneMatch((line) -> line.startsWith("\tat ") || line.startsWith("Caused by: "));
		assertThat(TOKEN_SHAPED.matcher(this.server.output()).find()).as("a token in the server's output").isFalse();
		assertThat(Stream.of(CLIENT_SECRET, INTROSPECTOR_SECRET, ADMIN_PASSWORD).anyMatch(this.server.output()::contains))
			.as("a secret in the server's output")
			.isFalse();
		Set<String> withStackTraces = new TreeSet<>();
		for (String line : lines) {
			if (line.startsWith("{") && line.contains("\"stack_trace\"")) {
				Map<String, Object> json = parse(line);
				withStackTraces.add(logger(json) + " (" + json.get("message") + ")");
			}
		}
		System.out.printf("DatabaseOutageIT, %s: %d refusals logged without a stack trace; log lines with a stack "
				+ "trace: %s%n", scenario, refusals.size(), withStackTraces.isEmpty() ? "none"
						: withStackTraces.stream().map((entry) -> entry.replaceAll("@[0-9a-f]+", "@…"))
							.distinct()
							.collect(Collectors.joining("; ")));
	}

	/** OAuth's JSON for a 503, with nothing but the error and its fixed description: no stack trace, no SQL. */
	private static boolean isTemporarilyUnavailable(Response response) {
		return isTemporarilyUnavailable(response.status(), response.body());
	}

	private static boolean isTemporarilyUnavailable(int status, String body) {
		if (status != 503 || body == null || !body.startsWith("{")) {
			return false;
		}
		Map<String, Object> json = parse(body);
		return "temporarily_unavailable".equals(json.get("error"))
				&& Set.of("error", "error_description").containsAll(json.keySet())
				&& !Pattern.compile("(?i)exception|sql|jdbc|postgres|hikari|\\bat [a-z]+\\.").matcher(body).find();
	}

	private static Response health(OAuthHttp management, String path) {
		return management.get(path);
	}

	private static Timed timed(String what, Duration bound, Supplier<Response> request) {
		long started = System.nanoTime();
		try {
			Response response = request.get();
			return new Timed(what, response, Duration.ofNanos(System.nanoTime() - started));
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof HttpTimeoutException) {
				return fail("%s: no answer at all within %d s (bound %s): a hang", what,
						TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), bound);
			}
			throw ex;
		}
	}

	private static void awaitOutput(GatehouseProcess server, String line) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!server.output().contains(line)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the server never printed: " + line + "\n" + server.output());
			}
			sleep(Duration.ofMillis(100));
		}
	}

	private static Map<String, Object> parse(String line) {
		try {
			return JSONObjectUtils.parse(line);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("not JSON: " + line, ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static String logger(Map<String, Object> line) {
		Object log = line.get("log");
		return (log instanceof Map<?, ?> map) ? String.valueOf(((Map<String, Object>) map).get("logger"))
				: String.valueOf(line.get("log.logger"));
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A request's answer and how long it took. */
	private record Timed(String what, Response response, Duration took) {
	}

	/**
	 * One load request: what it asked, the status (-1 when the client gave up), the body unless it was a 200
	 * (which holds a token, and a failed assertion prints what it lists), and how long it took.
	 */
	private record Answer(String what, int status, String body, Duration took) {
	}

	/**
	 * The timeouts the packaged server runs with, read from its {@code application.yml}, so the bounds follow
	 * the configuration instead of copying it.
	 */
	private record Settings(Duration connectionTimeout, Duration validationTimeout, Duration socketTimeout) {

		/** For the machine: process scheduling, the JVM of a busy CI host. Not a performance budget. */
		static final Duration MARGIN = Duration.ofSeconds(3);

		/**
		 * How long a request waits for its audit event to be committed before it is answered 503
		 * ({@code GroupCommitAuditWriter.WAIT_SECONDS}).
		 */
		static final Duration AUDIT_WAIT = Duration.ofSeconds(5);

		static final String SOCKET_TIMEOUT = "spring.datasource.hikari.data-source-properties.socketTimeout";

		static Settings fromApplicationYml() {
			YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
			yaml.setResources(new ClassPathResource("application.yml"));
			Properties properties = yaml.getObject();
			String socketTimeout = properties.getProperty(SOCKET_TIMEOUT);
			return new Settings(
					Duration.ofMillis(Long.parseLong(properties.getProperty("spring.datasource.hikari.connection-timeout"))),
					Duration.ofMillis(Long.parseLong(properties.getProperty("spring.datasource.hikari.validation-timeout"))),
					(socketTimeout != null) ? Duration.ofSeconds(Long.parseLong(socketTimeout)) : null);
		}

		/**
		 * How long a request may take while the database is frozen: the longest single wait it can run into (a
		 * read on a connection whose server froze, its audit event's commit, a pool connection), plus the margin.
		 */
		Duration frozenBound() {
			List<Duration> waits = new ArrayList<>(List.of(AUDIT_WAIT, this.connectionTimeout.plus(this.validationTimeout)));
			if (this.socketTimeout != null) {
				waits.add(this.socketTimeout);
			}
			return Collections.max(waits).plus(MARGIN);
		}

		/** What ends a read on a connection whose server froze: nothing, without the driver's socket timeout. */
		String socketTimeoutText() {
			return (this.socketTimeout != null) ? SOCKET_TIMEOUT + " is " + this.socketTimeout.toSeconds() + " s"
					: "no " + SOCKET_TIMEOUT + " in application.yml: the PostgreSQL driver waits forever for a reply";
		}

	}

	/**
	 * Token requests and introspections from several threads, each answer recorded with its time; the HTTP
	 * client gives up after {@code clientTimeout}, far beyond any bound, so a hang shows as an answer without
	 * a status instead of a test that never ends.
	 */
	private static final class Load {

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private final String baseUrl;

		private final String token;

		private final Duration clientTimeout;

		private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> threads = new ArrayList<>();

		Load(int port, String token, Duration clientTimeout) {
			this.baseUrl = "http://127.0.0.1:" + port;
			this.token = token;
			this.clientTimeout = clientTimeout;
		}

		void start() {
			for (int i = 0; i < WORKERS; i++) {
				Thread thread = new Thread(this::run, "outage-it-load-" + i);
				thread.setDaemon(true);
				this.threads.add(thread);
				thread.start();
			}
		}

		void awaitAnswers(int count) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (this.answers.size() < count && System.nanoTime() < deadline) {
				sleep(Duration.ofMillis(20));
			}
			assertThat(answers()).as("load answers before the outage").hasSizeGreaterThanOrEqualTo(count)
				.allMatch((answer) -> answer.status() == 200);
		}

		/** Sends no more requests and waits for those in flight, at most as long as the client would. */
		void stop() throws InterruptedException {
			this.running.set(false);
			long deadline = System.nanoTime() + this.clientTimeout.plusSeconds(5).toNanos();
			for (Thread thread : this.threads) {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
		}

		List<String> stillWaiting() {
			return this.threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
		}

		List<Answer> answers() {
			synchronized (this.answers) {
				return List.copyOf(this.answers);
			}
		}

		private void run() {
			while (this.running.get()) {
				send("token", "/oauth2/token", OAuthHttp.basic(CLIENT_ID, CLIENT_SECRET),
						"grant_type=client_credentials&scope=read%3Areports");
				send("introspection", "/oauth2/introspect", OAuthHttp.basic(INTROSPECTOR_ID, INTROSPECTOR_SECRET),
						"token=" + this.token);
			}
		}

		private void send(String what, String path, String authorization, String form) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
				.timeout(this.clientTimeout)
				.header("Authorization", authorization)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build();
			long started = System.nanoTime();
			try {
				HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				this.answers.add(new Answer(what, response.statusCode(),
						(response.statusCode() == 200) ? null : response.body(),
						Duration.ofNanos(System.nanoTime() - started)));
			}
			catch (IOException ex) {
				this.answers.add(new Answer(what + " (" + ex.getClass().getSimpleName() + ")", -1, null,
						Duration.ofNanos(System.nanoTime() - started)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running.set(false);
			}
		}

	}

	/**
	 * The dedicated cluster, controlled with Debian's {@code pg_ctlcluster} (root, or the cluster's owner) and
	 * signals to its processes (the postmaster and its children: every backend, the checkpointer, the WAL
	 * writer).
	 */
	private record OutageCluster(String version, String name, int port, Path dataDirectory) {

		static OutageCluster fromEnvironment() {
			String named = System.getenv("GATEHOUSE_TEST_OUTAGE_CLUSTER");
			String portSetting = System.getenv("GATEHOUSE_TEST_OUTAGE_PORT");
			int port = (portSetting == null || portSetting.isBlank()) ? 5433 : Integer.parseInt(portSetting.trim());
			if (named == null || named.isBlank()) {
				return unusable("GATEHOUSE_TEST_OUTAGE_CLUSTER is not set: name a PostgreSQL cluster this test may stop "
						+ "and freeze, e.g. \"15 outage\" (.ci/postgresql-outage-cluster creates it, as root)");
			}
			String[] parts = named.trim().split("\\s+");
			if (parts.length != 2) {
				return unusable("GATEHOUSE_TEST_OUTAGE_CLUSTER must be \"<version> <name>\", not \"" + named + "\"");
			}
			try {
				String listed = run("pg_lsclusters", "-h").lines()
					.map((line) -> line.trim().split("\\s+"))
					.filter((columns) -> columns.length >= 6 && columns[0].equals(parts[0]) && columns[1].equals(parts[1]))
					.map((columns) -> String.join(" ", columns))
					.findFirst()
					.orElse(null);
				if (listed == null) {
					return unusable("pg_lsclusters lists no cluster " + parts[0] + "/" + parts[1]);
				}
				String[] columns = listed.split(" ");
				if (Integer.parseInt(columns[2]) != port) {
					return unusable("cluster " + parts[0] + "/" + parts[1] + " listens on port " + columns[2]
							+ ", not " + port + " (GATEHOUSE_TEST_OUTAGE_PORT)");
				}
				Path dataDirectory = Path.of(columns[5]);
				String user = System.getProperty("user.name");
				if (!"root".equals(user) && !user.equals(Files.getOwner(dataDirectory).getName())) {
					return unusable("the user " + user + " cannot stop and start cluster " + parts[0] + "/" + parts[1]
							+ ": run as root or as its owner");
				}
				OutageCluster cluster = new OutageCluster(parts[0], parts[1], port, dataDirectory);
				cluster.thaw();
				cluster.start();
				try (Connection connection = cluster.connect()) {
					return cluster;
				}
			}
			catch (IOException | IllegalStateException | SQLException ex) {
				return unusable("the outage cluster " + named + " on port " + port + " cannot be used: " + ex.getMessage());
			}
		}

		/**
		 * Skips the test with the reason, announced on the console (a skipped class is easy to miss in a green
		 * build), or fails it under {@code CI=true}, as TestDatabase does for PostgreSQL.
		 */
		private static OutageCluster unusable(String reason) {
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException("CI=true and " + reason);
			}
			System.err.println("\n*** " + reason + "\n*** DatabaseOutageIT is SKIPPED.\n");
			Assumptions.abort("SKIPPED: " + reason);
			return null;
		}

		/** Stops the cluster the hard way: no checkpoint, every connection cut (a crash or a failover). */
		void stop() {
			if (isRunning()) {
				run("pg_ctlcluster", this.version, this.name, "stop", "-m", "immediate");
			}
		}

		/** Starts the cluster if it is not running, and waits until it accepts connections. */
		void start() {
			if (!isRunning()) {
				run("pg_ctlcluster", this.version, this.name, "start");
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (true) {
				try (Connection connection = connect()) {
					return;
				}
				catch (SQLException notYet) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("cluster " + this.version + "/" + this.name
								+ " does not accept connections: " + notYet.getMessage());
					}
					sleep(Duration.ofMillis(200));
				}
			}
		}

		/** SIGSTOP to every process of the cluster: connections stay open, nothing is ever answered. */
		void freeze() {
			signal("STOP");
		}

		/** SIGCONT: the cluster carries on where it stopped. Harmless when it is not frozen. */
		void thaw() {
			signal("CONT");
		}

		private void signal(String signal) {
			List<String> pids = processes();
			if (pids.isEmpty()) {
				return;
			}
			List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
			command.addAll(pids);
			run(command.toArray(String[]::new));
		}

		/** The postmaster first (a stopped postmaster starts no new backend), then its children. */
		private List<String> processes() {
			Path pidFile = this.dataDirectory.resolve("postmaster.pid");
			try {
				if (!Files.exists(pidFile)) {
					return List.of();
				}
				long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
				// a pid file left by a crash may name a process that is not PostgreSQL at all
				ProcessHandle handle = ProcessHandle.of(postmaster)
					.filter((process) -> process.info().command().orElse("").contains("postgres"))
					.orElse(null);
				if (handle == null) {
					return List.of();
				}
				List<String> pids = new ArrayList<>(List.of(Long.toString(postmaster)));
				handle.children().forEach((child) -> pids.add(Long.toString(child.pid())));
				return pids;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private boolean isRunning() {
			return run("pg_lsclusters", "-h", this.version, this.name).contains("online");
		}

		/** Drops the schemas earlier runs left behind: the cluster is this test's own, and no server of theirs runs. */
		void dropSchemasOfEarlierRuns() {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				List<String> schemas = new ArrayList<>();
				try (ResultSet found = statement
					.executeQuery("select nspname from pg_namespace where nspname like '" + SCHEMA_PREFIX + "%'")) {
					while (found.next()) {
						schemas.add(found.getString(1));
					}
				}
				for (String schema : schemas) {
					statement.execute("drop schema " + schema + " cascade");
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** A fresh schema, and the server's SPRING_DATASOURCE_* settings for it. */
		Map<String, String> freshSchemaDataSource() {
			String schema = SCHEMA_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				statement.execute("create schema " + schema);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			return Map.of("SPRING_DATASOURCE_URL", url() + "?currentSchema=" + schema, "SPRING_DATASOURCE_USERNAME",
					DATABASE, "SPRING_DATASOURCE_PASSWORD", DATABASE);
		}

		private String url() {
			return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + DATABASE;
		}

		/** The test's own connections give up quickly: they must not hang on the cluster the test froze. */
		private Connection connect() throws SQLException {
			Properties properties = new Properties();
			properties.setProperty("user", DATABASE);
			properties.setProperty("password", DATABASE);
			properties.setProperty("connectTimeout", "5");
			properties.setProperty("loginTimeout", "5");
			properties.setProperty("socketTimeout", "30");
			return DriverManager.getConnection(url(), properties);
		}

		private static String run(String... command) {
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
				String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException(String.join(" ", command) + " failed: " + printed.trim());
				}
				return printed;
			}
			catch (IOException ex) {
				throw new IllegalStateException(String.join(" ", command) + ": " + ex.getMessage(), ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
