package dev.gatehouse.auth.operations;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.GatehouseProcess;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees of the packaged server: JSON log lines with one audit line per decision (request id,
 * origin, actor, token reference, never a secret), the management port with health, probes, info and
 * Prometheus metrics and nothing else, no management endpoint on the public port, and the operator's own
 * commands in the audit trail under their OS user name.
 */
@ExtendWith(NoSecretsInOutput.class)
class OperationsIT {

	private static final String AUDIT_LOGGER = "dev.gatehouse.auth.audit";

	private static final String CLIENT_ID = "demo-client";

	private static final String CLIENT_SECRET = NoSecretsInOutput
		.remember("ops-it-client-secret-" + UUID.randomUUID());

	private static final String INTROSPECTOR_SECRET = NoSecretsInOutput
		.remember("ops-it-introspector-secret-" + UUID.randomUUID());

	private static final String ADMIN_PASSWORD = NoSecretsInOutput.remember("ops-it-admin-" + UUID.randomUUID());

	private static final Duration OUTPUT_WAIT = Duration.ofSeconds(10);

	@TempDir
	static Path workingDirectory;

	static GatehouseProcess server;

	static OAuthHttp http;

	static OAuthHttp management;

	@BeforeAll
	static void start() {
		server = GatehouseProcess.start(workingDirectory, FreePort.find(),
				Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", CLIENT_SECRET, "GATEHOUSE_BOOTSTRAP_INTROSPECTOR_SECRET",
						INTROSPECTOR_SECRET, "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD));
		awaitOutput("Created bootstrap clients");
		awaitOutput("Created the admin user");
		// the loopback address itself, so the origin the server records is known: localhost may resolve to ::1
		http = new OAuthHttp("http://127.0.0.1:" + server.port());
		management = new OAuthHttp("http://127.0.0.1:" + server.managementPort());
	}

	/**
	 * Start-up runners create the bootstrap clients and the admin after the server already answers: a test that
	 * starts at once could meet an empty registry.
	 */
	private static void awaitOutput(String line) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!server.output().contains(line)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the server never printed: " + line + "\n" + server.output());
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** Stops the server and hands what it printed to {@link NoSecretsInOutput}, which checks it for every secret. */
	@AfterAll
	static void stop() {
		if (server != null) {
			server.stop();
			System.out.println(server.output());
		}
	}

	@Test
	void anIssuedTokenIsOneJsonAuditLineWithTheRequestIdOriginAndJti() throws Exception {
		Response response = http.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + "/oauth2/token"))
			.header("Authorization", OAuthHttp.basic(CLIENT_ID, CLIENT_SECRET))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Request-Id", "ops-it-1")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=read:reports"))
			.build());

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		String token = NoSecretsInOutput.remember(response.json().get("access_token").toString());
		String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
		Map<String, Object> line = awaitLine(
				(json) -> "ops-it-1".equals(json.get("request_id")) && "access_token.issued".equals(json.get("event_type")));
		assertThat(logger(line)).isEqualTo(AUDIT_LOGGER);
		assertThat(line).containsEntry("outcome", "success")
			.containsEntry("client_id", CLIENT_ID)
			.containsEntry("actor", "client:" + CLIENT_ID)
			.containsEntry("origin_ip", "127.0.0.1")
			.containsEntry("path", "/oauth2/token")
			.containsEntry("scopes", "read:reports")
			.containsEntry("token_ref", jti);
		assertThat(server.output().lines()).as("no output line holds the client secret or the token")
			.noneMatch((printed) -> printed.contains(CLIENT_SECRET) || printed.contains(token));
	}

	@Test
	void everyLineThatLooksLikeJsonIsOneJsonObject() {
		http.token(CLIENT_ID, CLIENT_SECRET, "read:reports");
		http.token(CLIENT_ID, CLIENT_SECRET, "admin:everything");

		List<String> jsonLines = completeLines().filter((printed) -> printed.startsWith("{")).toList();

		assertThat(jsonLines).as("the server logs as JSON").hasSizeGreaterThan(10);
		assertThat(jsonLines).allSatisfy((printed) -> assertThat(parse(printed)).as(printed).isNotNull());
		assertThat(completeLines()).as("no stack trace or message continues outside its JSON line")
			.noneMatch((printed) -> printed.startsWith("\tat ") || printed.startsWith("Caused by: "));
	}

	@Test
	void aWrongSecretIsAnAuditLineWithInvalidClient() {
		String wrongSecret = NoSecretsInOutput.remember("ops-it-wrong-secret-" + UUID.randomUUID());

		Response refused = http.token(CLIENT_ID, wrongSecret, null);

		assertThat(refused.status()).isEqualTo(401);
		Map<String, Object> line = awaitAuditLine(refused, "client_authentication.failed");
		assertThat(line).containsEntry("outcome", "failure")
			.containsEntry("error", "invalid_client")
			.containsEntry("client_id", CLIENT_ID)
			.containsEntry("origin_ip", "127.0.0.1");
		assertThat(server.output()).doesNotContain(wrongSecret);
	}

	@Test
	void aScopeTheClientMayNotHaveIsAnAuditLineWithInvalidScope() {
		Response refused = http.token(CLIENT_ID, CLIENT_SECRET, "admin:everything");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json()).containsEntry("error", "invalid_scope");
		Map<String, Object> line = awaitAuditLine(refused, "token_request.failed");
		assertThat(line).containsEntry("outcome", "failure")
			.containsEntry("error", "invalid_scope")
			.containsEntry("client_id", CLIENT_ID)
			.containsEntry("actor", "client:" + CLIENT_ID)
			.containsEntry("path", "/oauth2/token");
	}

	@Test
	void healthShowsTheStatusOfEachComponentAndNoDetails() throws ParseException {
		Response health = management.get("/actuator/health");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json()).containsEntry("status", "UP");
		assertThat(JSONObjectUtils.getJSONObject(health.json(), "components")).containsKeys("db", "signingKeys");
		assertThat(health.body()).doesNotContain("details");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "liveness", "readiness" })
	void probesAreUp(String probe) {
		Response health = management.get("/actuator/health/" + probe);

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json()).containsEntry("status", "UP");
		assertThat(health.body()).doesNotContain("details");
	}

	@Test
	void infoNamesTheBuildVersion() throws ParseException {
		Response info = management.get("/actuator/info");

		assertThat(info.status()).isEqualTo(200);
		assertThat(JSONObjectUtils.getString(JSONObjectUtils.getJSONObject(info.json(), "build"), "version"))
			.isNotBlank();
	}

	@Test
	void prometheusShowsTokenRefusalAuditAndTokenEndpointMetrics() {
		http.token(CLIENT_ID, CLIENT_SECRET, "read:reports");
		http.token(CLIENT_ID, CLIENT_SECRET, "admin:everything");
		http.token(CLIENT_ID, NoSecretsInOutput.remember("ops-it-other-wrong-" + UUID.randomUUID()), null);
		List<Predicate<String>> expected = List.of(
				sample("gatehouse_tokens_issued_total", "grant_type=\"client_credentials\"", "client=\"demo-client\""),
				sample("gatehouse_requests_refused_total", "endpoint=\"token\"", "error=\"invalid_scope\""),
				sample("gatehouse_client_authentication_failures_total", "method=\"client_secret_basic\""),
				sample("gatehouse_audit_batch_size"),
				sample("http_server_requests_seconds_bucket", "uri=\"/oauth2/token\""));

		List<String> samples = awaitScrape(expected);

		for (Predicate<String> sample : expected) {
			assertThat(samples).as("the scrape holds %s", sample).anyMatch(sample);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "env", "heapdump", "loggers", "beans", "configprops", "metrics" })
	void noOtherManagementEndpointIsExposed(String endpoint) {
		assertThat(management.get("/actuator/" + endpoint).status()).isEqualTo(404);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/actuator/health", "/actuator/prometheus", "/actuator/info", "/actuator" })
	void thePublicPortServesNoManagementEndpoint(String path) {
		assertThat(http.get(path).status()).isEqualTo(404);
	}

	@Test
	void operatorCommandsAreAuditedWithTheOperatorAsActor() {
		String password = NoSecretsInOutput.remember("ops-alice-password-" + UUID.randomUUID());
		String operator = "cli:" + System.getProperty("user.name");

		String added = server.user(password, "add", "ops-alice");
		String rotated = server.keys("rotate", "ES256");

		assertThat(added).contains("Created user ops-alice").doesNotContain(password);
		JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(
				"jdbc:h2:file:" + workingDirectory.resolve("data/gatehouse") + ";AUTO_SERVER=TRUE", "sa", ""));
		String userId = jdbc.sql("select id from app_user where username = 'ops-alice'").query(String.class).single();
		assertThat(auditOf(jdbc, "user.created", userId)).containsExactly(operator);
		assertThat(auditOf(jdbc, "key.created", createdKeyId(rotated))).containsExactly(operator);
	}

	/** The actor of each {@code type} row about {@code subject}, for a command run outside any request. */
	private static List<String> auditOf(JdbcClient jdbc, String type, String subject) {
		return jdbc.sql("""
				select actor from audit_event
				where event_type = :type and subject = :subject and outcome = 'success'
				and request_id is null and origin_ip is null
				""").param("type", type).param("subject", subject).query(String.class).list();
	}

	private static String createdKeyId(String printed) {
		Matcher created = Pattern.compile("(?m)^Created (\\S+):").matcher(printed);
		assertThat(created.find()).as(printed).isTrue();
		return created.group(1);
	}

	private static Map<String, Object> awaitAuditLine(Response response, String eventType) {
		String requestId = response.header("X-Request-Id");
		assertThat(requestId).isNotBlank();
		Map<String, Object> line = awaitLine(
				(json) -> requestId.equals(json.get("request_id")) && eventType.equals(json.get("event_type")));
		assertThat(logger(line)).isEqualTo(AUDIT_LOGGER);
		return line;
	}

	/**
	 * The first JSON line of the output that matches. The audit line is written before the response goes out,
	 * but the process output is a file the test reads, so it is read again until a deadline.
	 */
	private static Map<String, Object> awaitLine(Predicate<Map<String, Object>> matching) {
		Instant deadline = Instant.now().plus(OUTPUT_WAIT);
		do {
			Map<String, Object> line = completeLines().filter((printed) -> printed.startsWith("{"))
				.map(OperationsIT::parse)
				.filter(matching)
				.findFirst()
				.orElse(null);
			if (line != null) {
				return line;
			}
			pause();
		}
		while (Instant.now().isBefore(deadline));
		List<String> lines = server.output().lines().toList();
		throw new AssertionError("no matching JSON line within " + OUTPUT_WAIT + "; the last lines:\n"
				+ String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
	}

	/**
	 * The Prometheus scrape, once it holds every expected sample or the deadline passed: the HTTP timer is
	 * recorded when the request's observation ends, which may be just after the client has its response.
	 */
	private static List<String> awaitScrape(List<Predicate<String>> expected) {
		Instant deadline = Instant.now().plus(OUTPUT_WAIT);
		while (true) {
			Response scrape = management.get("/actuator/prometheus");
			assertThat(scrape.status()).isEqualTo(200);
			List<String> samples = scrape.body().lines().filter((line) -> !line.startsWith("#")).toList();
			if (expected.stream().allMatch((sample) -> samples.stream().anyMatch(sample))
					|| Instant.now().isAfter(deadline)) {
				return samples;
			}
			pause();
		}
	}

	private static Predicate<String> sample(String name, String... labels) {
		return new Predicate<>() {

			@Override
			public boolean test(String line) {
				return (line.startsWith(name + "{") || line.startsWith(name + " ") || line.startsWith(name + "_"))
						&& List.of(labels).stream().allMatch(line::contains);
			}

			@Override
			public String toString() {
				return name + List.of(labels);
			}

		};
	}

	/** The lines of the output so far, without a last line the server may still be writing. */
	private static Stream<String> completeLines() {
		String output = server.output();
		return output.substring(0, output.lastIndexOf('\n') + 1).lines();
	}

	private static String logger(Map<String, Object> line) {
		try {
			return JSONObjectUtils.getString(Objects.requireNonNull(JSONObjectUtils.getJSONObject(line, "log"),
					"no log object"), "logger");
		}
		catch (ParseException ex) {
			throw new AssertionError("log.logger is not a string in " + line, ex);
		}
	}

	private static Map<String, Object> parse(String line) {
		try {
			return JSONObjectUtils.parse(line);
		}
		catch (ParseException ex) {
			throw new AssertionError("not a JSON object: " + line, ex);
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for the server", ex);
		}
	}

}
