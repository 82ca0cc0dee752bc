package dev.gatehouse.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.GatehouseProcess;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import dev.gatehouse.auth.testing.TestDatabase;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing acknowledged is lost to a crash (issue 8): the packaged server under load is killed without warning
 * (SIGKILL: no shutdown hook, no flush, as the OOM killer or a power cut of the container would), restarted
 * on the same database, and every answer a client received before the kill must still hold. A refresh token
 * received is still valid, an acknowledged revocation still revoked, and every token handed out has its audit
 * row: the server answers only after these are committed, so a database that loses a commit it acknowledged
 * breaks this test. Runs on the embedded default (H2 in a file) and on PostgreSQL.
 * <p>
 * A request in flight at the kill has no answer, so it may or may not have been committed: a refresh family
 * whose rotation (or revocation) was in flight is ambiguous (the server may have rotated it without the client
 * receiving the successor; the old token presented again is then reuse) and is left out. Each worker stops at
 * its first failed request, so at most one family per worker can be ambiguous.
 */
@ExtendWith(NoSecretsInOutput.class)
class CrashIT {

	private static final String CLIENT_SECRET = NoSecretsInOutput
		.remember("crash-it-client-secret-" + UUID.randomUUID());

	private static final String INTROSPECTOR_SECRET = NoSecretsInOutput
		.remember("crash-it-introspector-secret-" + UUID.randomUUID());

	private static final String ADMIN_PASSWORD = NoSecretsInOutput.remember("crash-it-admin-" + UUID.randomUUID());

	private static final String REDIRECT_URI = "http://127.0.0.1:9876/callback";

	private static final int WORKERS = 5;

	private static final int FAMILIES_PER_WORKER = 3;

	/** How long the load runs before the kill: long enough for thousands of commits, short enough for CI. */
	private static final Duration LOAD = Duration.ofSeconds(5);

	/** Access tokens or refresh tokens in any output: a token printed is a token leaked. */
	/**
	 * The thousands of tokens a run handles are not remembered with {@link NoSecretsInOutput} (every later
	 * test class would search its output for each of them): the server's output is searched for anything
	 * token-shaped instead, and the test itself prints no token.
	 */
	private static final Pattern TOKEN_SHAPED = Pattern.compile("gh_rt_|eyJ[A-Za-z0-9_-]+\\.eyJ");

	@Test
	void nothingAcknowledgedIsLostWhenTheServerOnItsEmbeddedH2FileIsKilled() throws Exception {
		Path workingDirectory = freshWorkingDirectory("h2");
		TestDatabase.Connection database = new TestDatabase.Connection(
				"jdbc:h2:file:" + workingDirectory.resolve("data/gatehouse") + ";AUTO_SERVER=TRUE", "sa", "");
		crashAndCheck("H2", workingDirectory, Map.of(), database);
	}

	@Test
	void nothingAcknowledgedIsLostWhenTheServerOnPostgreSqlIsKilled() throws Exception {
		TestDatabase.requirePostgreSql();
		TestDatabase.Connection database = TestDatabase.postgreSql();
		crashAndCheck("PostgreSQL", freshWorkingDirectory("postgresql"),
				Map.of("SPRING_DATASOURCE_URL", database.url(), "SPRING_DATASOURCE_USERNAME", database.username(),
						"SPRING_DATASOURCE_PASSWORD", database.password()),
				database);
	}

	private void crashAndCheck(String name, Path workingDirectory, Map<String, String> databaseEnvironment,
			TestDatabase.Connection database) throws Exception {
		Map<String, String> environment = new HashMap<>(databaseEnvironment);
		environment.putAll(Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", CLIENT_SECRET,
				"GATEHOUSE_BOOTSTRAP_INTROSPECTOR_SECRET", INTROSPECTOR_SECRET, "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD",
				ADMIN_PASSWORD));
		long started = System.nanoTime();
		List<String> outputs = new ArrayList<>();
		Acknowledged setup = new Acknowledged();
		List<Worker> workers = new ArrayList<>();
		GatehouseProcess killed = GatehouseProcess.start(workingDirectory, FreePort.find(), environment);
		try {
			awaitOutput(killed, "Created bootstrap clients");
			awaitOutput(killed, "Created the admin user");
			String baseUrl = "http://127.0.0.1:" + killed.port();
			List<Family> families = codeFlowFamilies(killed.issuer(), WORKERS * FAMILIES_PER_WORKER, setup);
			for (int i = 0; i < WORKERS; i++) {
				workers.add(new Worker(new OAuthHttp(baseUrl),
						families.subList(i * FAMILIES_PER_WORKER, (i + 1) * FAMILIES_PER_WORKER), i % 2 == 0));
			}
			List<Thread> threads = workers.stream().map((worker) -> new Thread(worker, "crash-it-load")).toList();
			threads.forEach(Thread::start);
			// the load runs for a fixed time; the kill lands wherever each worker happens to be
			TimeUnit.MILLISECONDS.sleep(LOAD.toMillis());
			killed.kill();
			for (Thread thread : threads) {
				thread.join(TimeUnit.SECONDS.toMillis(30));
				assertThat(thread.isAlive()).as("a worker still running 30 s after the kill").isFalse();
			}
		}
		finally {
			killed.kill();
			outputs.add(killed.output());
		}
		assertThat(workers).as("every worker was still loading the server when it was killed")
			.allSatisfy((worker) -> assertThat(worker.failedOnTheKill).isTrue());
		assertThat(workers.stream().flatMap((worker) -> worker.unexpected.stream()).toList())
			.as("answers other than 200 before the kill").isEmpty();

		Acknowledged acknowledged = Acknowledged.merge(setup, workers);
		assertThat(acknowledged.ambiguousFamilies())
			.as("families with a request in flight at the kill, at most one per worker")
			.hasSizeLessThanOrEqualTo(WORKERS);
		assertThat(acknowledged.rotations).as("rotations acknowledged before the kill").isNotEmpty();
		assertThat(acknowledged.revokedAccessTokens).as("access token revocations acknowledged before the kill")
			.isNotEmpty();
		assertThat(acknowledged.revokedFamilies()).as("family revocations acknowledged before the kill").isNotEmpty();
		assertThat(acknowledged.liveFamilies()).as("families to check after the restart").isNotEmpty();

		SoftAssertions softly = new SoftAssertions();
		GatehouseProcess restarted = killed.restart();
		try {
			OAuthHttp http = new OAuthHttp("http://127.0.0.1:" + restarted.port());
			everyAcknowledgedRefreshTokenStillRefreshes(http, acknowledged, softly);
			everyAcknowledgedRevocationStillHolds(http, acknowledged, softly);
			everyHandedOutTokenHasItsAuditRow(database, acknowledged, softly);
		}
		finally {
			restarted.stop();
			outputs.add(restarted.output());
		}
		// checked here, not by printing the output for NoSecretsInOutput: thousands of audit lines (a failed
		// assertion on the text itself would print what it found)
		for (String output : outputs) {
			assertThat(TOKEN_SHAPED.matcher(output).find()).as("a token value in the server's output").isFalse();
			assertThat(Stream.of(CLIENT_SECRET, INTROSPECTOR_SECRET, ADMIN_PASSWORD).anyMatch(output::contains))
				.as("a secret in the server's output").isFalse();
		}
		System.out.printf("CrashIT on %s: %d access tokens, %d rotations, %d access token and %d family "
				+ "revocations acknowledged before the kill; %d families checked live, %d in flight at the kill; "
				+ "%d s%n", name, acknowledged.accessTokens.size(), acknowledged.rotations.size(),
				acknowledged.revokedAccessTokens.size(), acknowledged.revokedFamilies().size(),
				acknowledged.liveFamilies().size(), acknowledged.ambiguousFamilies().size(),
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
		softly.assertAll();
	}

	/**
	 * Introspection first (it changes nothing), then a rotation: the token the client holds is the live one.
	 * Every family is tried, so a failure shows how much was lost, not only the first loss.
	 */
	private static void everyAcknowledgedRefreshTokenStillRefreshes(OAuthHttp http, Acknowledged acknowledged,
			SoftAssertions softly) {
		List<Family> inactive = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		for (Family family : acknowledged.liveFamilies()) {
			if (!Boolean.TRUE.equals(introspect(http, family.refreshToken).get("active"))) {
				inactive.add(family);
			}
			Response refreshed = refresh(http, family.refreshToken);
			if (refreshed.status() != 200) {
				refused.add(family + ": " + refreshed.status() + " " + refreshed.body());
			}
		}
		softly.assertThat(inactive).as("of %d families, those whose last refresh token received introspects inactive",
				acknowledged.liveFamilies().size()).isEmpty();
		softly.assertThat(refused).as("of %d families, those whose last refresh token received no longer refreshes",
				acknowledged.liveFamilies().size()).isEmpty();
	}

	private static void everyAcknowledgedRevocationStillHolds(OAuthHttp http, Acknowledged acknowledged,
			SoftAssertions softly) {
		softly.assertThat(acknowledged.revokedAccessTokens.stream()
			.filter((revoked) -> !introspect(http, revoked.token()).equals(Map.of("active", false)))
			.toList())
			.as("of %d revoked access tokens, those no longer revoked", acknowledged.revokedAccessTokens.size())
			.isEmpty();
		List<String> stillLive = new ArrayList<>();
		for (Family family : acknowledged.revokedFamilies()) {
			if (!introspect(http, family.refreshToken).equals(Map.of("active", false))) {
				stillLive.add(family + ": its refresh token introspects active");
			}
			if (!introspect(http, family.lastAccessToken.token()).equals(Map.of("active", false))) {
				stillLive.add(family + ": its last access token " + family.lastAccessToken + " introspects active");
			}
			Response refused = refresh(http, family.refreshToken);
			if (refused.status() != 400 || !"invalid_grant".equals(refused.json().get("error"))) {
				stillLive.add(family + ": refresh answered " + refused.status());
			}
		}
		softly.assertThat(stillLive).as("of %d revoked families, what is no longer revoked",
				acknowledged.revokedFamilies().size()).isEmpty();
		// not vacuous: tokens nobody revoked are still active after the restart (keys and clients survived)
		for (Issued kept : acknowledged.unrevokedClientTokens().stream().limit(20).toList()) {
			softly.assertThat(introspect(http, kept.token()))
				.as("introspection of unrevoked access token %s", kept)
				.containsEntry("active", true);
		}
	}

	/**
	 * The audit rows of every token handed out and every revocation confirmed: the server commits each before
	 * it answers (queued events, introspections and refusals, may be lost to a kill by design: not checked).
	 */
	private static void everyHandedOutTokenHasItsAuditRow(TestDatabase.Connection database,
			Acknowledged acknowledged, SoftAssertions softly) {
		JdbcClient jdbc = JdbcClient.create(
				new DriverManagerDataSource(database.url(), database.username(), database.password()));
		Set<String> issued = tokenRefs(jdbc, "access_token.issued");
		softly.assertThat(acknowledged.accessTokens.stream().map(Issued::jti).filter((jti) -> !issued.contains(jti)).toList())
			.as("of %d access tokens received, the jtis without an access_token.issued row",
					acknowledged.accessTokens.size())
			.isEmpty();
		Set<String> rotated = tokenRefs(jdbc, "refresh_token.rotated");
		softly.assertThat(acknowledged.rotations.stream().filter((prefix) -> !rotated.contains(prefix)).toList())
			.as("of %d rotations received, the presented tokens' hash prefixes without a refresh_token.rotated row",
					acknowledged.rotations.size())
			.isEmpty();
		Set<String> revoked = tokenRefs(jdbc, "token.revoked");
		softly.assertThat(acknowledged.revokedAccessTokens.stream().map(Issued::jti).filter((jti) -> !revoked.contains(jti)).toList())
			.as("of %d access token revocations acknowledged, the jtis without a token.revoked row",
					acknowledged.revokedAccessTokens.size())
			.isEmpty();
	}

	private static Set<String> tokenRefs(JdbcClient jdbc, String eventType) {
		return Set.copyOf(jdbc.sql("""
				select token_ref from audit_event
				where event_type = :type and outcome = 'success' and token_ref is not null
				""").param("type", eventType).query(String.class).list());
	}

	/**
	 * Refresh token families of the public demo app for the admin: one sign-in and consent, then each further
	 * authorization request in that session comes straight back with a code, exchanged for a new family.
	 */
	private static List<Family> codeFlowFamilies(String issuer, int count, Acknowledged setup) {
		Browser browser = new Browser(issuer);
		OAuthHttp http = new OAuthHttp(issuer);
		List<Family> families = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String verifier = Browser.newVerifier();
			HttpResponse<String> authorized = browser
				.get(browser.authorizeUrl(Browser.codeRequest("demo-app", REDIRECT_URI, "read:reports", "st", verifier)));
			if (i == 0) {
				HttpResponse<String> consent = browser.followOnServer(browser.signIn("admin", ADMIN_PASSWORD));
				authorized = browser.answerConsent(consent, true);
			}
			String code = NoSecretsInOutput.remember(Browser.query(Browser.location(authorized)).get("code"));
			Response tokens = http.post("/oauth2/token", null, null, p("grant_type", "authorization_code"),
					p("code", code), p("redirect_uri", REDIRECT_URI), p("code_verifier", verifier),
					p("client_id", "demo-app"));
			assertThat(tokens.status()).as("the code exchange of family %d", i).isEqualTo(200);
			Family family = new Family(i);
			family.received(tokens.json());
			setup.accessTokens.add(family.lastAccessToken);
			families.add(family);
		}
		return families;
	}

	private static Response refresh(OAuthHttp http, String refreshToken) {
		return http.post("/oauth2/token", null, null, p("grant_type", "refresh_token"),
				p("refresh_token", refreshToken), p("client_id", "demo-app"));
	}

	private static Map<String, Object> introspect(OAuthHttp http, String token) {
		Response response = http.post("/oauth2/introspect", "demo-api", INTROSPECTOR_SECRET, p("token", token));
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private static Path freshWorkingDirectory(String database) throws IOException {
		return Files.createDirectories(Path.of("target", "crash-it", database + "-" + UUID.randomUUID()))
			.toAbsolutePath();
	}

	/**
	 * Start-up runners create the bootstrap clients and the admin after the server already answers: a test that
	 * starts at once could meet an empty registry.
	 */
	private static void awaitOutput(GatehouseProcess server, String line) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!server.output().contains(line)) {
			assertThat(System.nanoTime() < deadline).as("the server printed: %s", line).isTrue();
			TimeUnit.MILLISECONDS.sleep(100);
		}
	}

	private static String hashPrefix(String refreshToken) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(refreshToken.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An access token received, with its {@code jti} (what the audit trail and the denylist know it by). */
	private record Issued(String token, String jti) {

		static Issued of(Map<String, Object> tokenResponse) {
			String token = tokenResponse.get("access_token").toString();
			try {
				return new Issued(token, SignedJWT.parse(token).getJWTClaimsSet().getJWTID());
			}
			catch (ParseException ex) {
				throw new AssertionError("the access token is not a JWT", ex);
			}
		}

		@Override
		public String toString() {
			return "jti=" + this.jti;
		}

	}

	/** One refresh token family as its client knows it: the last tokens it received. Owned by one worker. */
	private static final class Family {

		private final int number;

		private String refreshToken;

		private Issued lastAccessToken;

		private boolean revoked;

		private boolean inFlightAtTheKill;

		Family(int number) {
			this.number = number;
		}

		void received(Map<String, Object> tokenResponse) {
			this.refreshToken = tokenResponse.get("refresh_token").toString();
			this.lastAccessToken = Issued.of(tokenResponse);
		}

		@Override
		public String toString() {
			return "#" + this.number + " (token " + hashPrefix(this.refreshToken) + "…)";
		}

	}

	/** Only what a client received: answers lost to the kill are not in here. */
	private static final class Acknowledged {

		private final List<Issued> accessTokens = new ArrayList<>();

		private final List<Issued> clientTokens = new ArrayList<>();

		/** Hash prefixes of the refresh tokens whose rotation was answered. */
		private final List<String> rotations = new ArrayList<>();

		private final List<Issued> revokedAccessTokens = new ArrayList<>();

		private final List<Family> families = new ArrayList<>();

		static Acknowledged merge(Acknowledged setup, List<Worker> workers) {
			Acknowledged all = new Acknowledged();
			all.accessTokens.addAll(setup.accessTokens);
			for (Worker worker : workers) {
				all.accessTokens.addAll(worker.acknowledged.accessTokens);
				all.clientTokens.addAll(worker.acknowledged.clientTokens);
				all.rotations.addAll(worker.acknowledged.rotations);
				all.revokedAccessTokens.addAll(worker.acknowledged.revokedAccessTokens);
				all.families.addAll(worker.families);
			}
			return all;
		}

		List<Family> ambiguousFamilies() {
			return this.families.stream().filter((family) -> family.inFlightAtTheKill).toList();
		}

		List<Family> liveFamilies() {
			return this.families.stream().filter((family) -> !family.inFlightAtTheKill && !family.revoked).toList();
		}

		List<Family> revokedFamilies() {
			return this.families.stream().filter((family) -> !family.inFlightAtTheKill && family.revoked).toList();
		}

		List<Issued> unrevokedClientTokens() {
			return this.clientTokens.stream().filter((token) -> !this.revokedAccessTokens.contains(token)).toList();
		}

	}

	/**
	 * One client thread: client credentials tokens, rotations of its own families, revocations of some of its
	 * access tokens and (on every other worker) of all but one of its families, in random order, as fast as the
	 * server answers. Records only what it received; stops at its first failed request, which the kill causes.
	 */
	private static final class Worker implements Runnable {

		private final OAuthHttp http;

		private final List<Family> families;

		private final boolean revokesAFamily;

		private final Acknowledged acknowledged = new Acknowledged();

		private final List<Issued> toRevoke = new ArrayList<>();

		private final List<String> unexpected = new ArrayList<>();

		private final long deadline = System.nanoTime() + LOAD.plusSeconds(30).toNanos();

		private boolean failedOnTheKill;

		Worker(OAuthHttp http, List<Family> families, boolean revokesAFamily) {
			this.http = http;
			this.families = families;
			this.revokesAFamily = revokesAFamily;
		}

		@Override
		public void run() {
			while (System.nanoTime() < this.deadline) {
				int dice = ThreadLocalRandom.current().nextInt(100);
				Family family = this.families.get(ThreadLocalRandom.current().nextInt(this.families.size()));
				try {
					if (dice < 2 && this.revokesAFamily && !family.revoked && liveFamilies() > 1) {
						revokeFamily(family);
					}
					else if (dice < 15 && !this.toRevoke.isEmpty()) {
						revokeAccessToken(this.toRevoke.remove(this.toRevoke.size() - 1));
					}
					else if (dice < 55 && !family.revoked) {
						rotate(family);
					}
					else {
						clientCredentials();
					}
				}
				catch (UncheckedIOException killed) {
					// no answer: the server is gone, and the request may or may not have been committed
					this.failedOnTheKill = true;
					return;
				}
			}
		}

		private long liveFamilies() {
			return this.families.stream().filter((family) -> !family.revoked).count();
		}

		private void clientCredentials() {
			Response response = this.http.post("/oauth2/token", "demo-client", CLIENT_SECRET,
					p("grant_type", "client_credentials"), p("scope", "read:reports"));
			if (expected(response, "client_credentials")) {
				Issued issued = Issued.of(response.json());
				this.acknowledged.accessTokens.add(issued);
				this.acknowledged.clientTokens.add(issued);
				if (ThreadLocalRandom.current().nextInt(4) == 0) {
					this.toRevoke.add(issued);
				}
			}
		}

		private void rotate(Family family) {
			String presented = family.refreshToken;
			Response response;
			try {
				response = refresh(this.http, presented);
			}
			catch (UncheckedIOException noAnswer) {
				family.inFlightAtTheKill = true;
				throw noAnswer;
			}
			if (expected(response, "refresh of family " + family)) {
				family.received(response.json());
				this.acknowledged.accessTokens.add(family.lastAccessToken);
				this.acknowledged.rotations.add(hashPrefix(presented));
			}
		}

		private void revokeAccessToken(Issued token) {
			Response response = this.http.post("/oauth2/revoke", "demo-client", CLIENT_SECRET, p("token", token.token()));
			if (expected(response, "revocation of access token " + token)) {
				this.acknowledged.revokedAccessTokens.add(token);
			}
		}

		private void revokeFamily(Family family) {
			Response response;
			try {
				response = this.http.post("/oauth2/revoke", null, null, p("token", family.refreshToken),
						p("client_id", "demo-app"));
			}
			catch (UncheckedIOException noAnswer) {
				family.inFlightAtTheKill = true;
				throw noAnswer;
			}
			if (expected(response, "revocation of family " + family)) {
				family.revoked = true;
			}
		}

		private boolean expected(Response response, String request) {
			if (response.status() == 200) {
				return true;
			}
			this.unexpected.add(request + ": " + response.status() + " " + response.body());
			return false;
		}

	}

}
