package dev.gatehouse.auth.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import javax.sql.DataSource;

import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@BothDatabases
class ClientBootstrapTests {

	private JdbcClientRegistry registry;

	private JdbcClient jdbc;

	private DataSource dataSource;

	private final ByteArrayOutputStream console = new ByteArrayOutputStream();

	@BeforeEach
	void emptyDatabase() {
		this.dataSource = TestDatabase.migrated();
		this.jdbc = JdbcClient.create(this.dataSource);
		this.registry = new JdbcClientRegistry(this.jdbc, Clock.systemUTC(),
				new ClientProperties(java.time.Duration.ofMinutes(5), java.time.Duration.ZERO,
						java.time.Duration.ofDays(7), java.time.Duration.ofDays(30)), (event) -> { });
	}

	@Test
	void runWhenEmptyAndNoSecretsConfiguredThenGeneratesAndPrintsThemOnce() {
		bootstrap(new BootstrapProperties(true, null, null, "demo-api", "http://127.0.0.1:9876/callback")).run(new DefaultApplicationArguments());

		String printed = printed();
		assertThat(printed).contains("export DEMO_CLIENT_ID=demo-client", "export INTROSPECTOR_ID=demo-api");
		String secret = printed.replaceAll("(?s).*export DEMO_CLIENT_SECRET=(\\S+).*", "$1");
		assertThat(secret).startsWith(ClientSecret.PREFIX);
		Client demo = this.registry.findById("demo-client").orElseThrow();
		assertThat(demo.secretMatches(secret, java.time.Instant.now())).isTrue();
		assertThat(demo.scopes()).containsExactlyInAnyOrder("read:reports", "write:reports");
		assertThat(demo.audiences()).containsExactly("demo-api");
		assertThat(this.registry.findById("demo-api").orElseThrow().mayIntrospect()).isTrue();
		Client app = this.registry.findById("demo-app").orElseThrow();
		assertThat(app.isPublic()).isTrue();
		assertThat(app.secrets()).isEmpty();
		assertThat(app.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
		assertThat(app.redirectUris()).containsExactly("http://127.0.0.1:9876/callback");
	}

	@Test
	void runWhenClientsExistThenPrintsNothingAndChangesNothing() {
		bootstrap(new BootstrapProperties(true, null, null, "demo-api", "http://127.0.0.1:9876/callback")).run(new DefaultApplicationArguments());
		this.console.reset();

		bootstrap(new BootstrapProperties(true, null, null, "demo-api", "http://127.0.0.1:9876/callback")).run(new DefaultApplicationArguments());

		assertThat(printed()).isEmpty();
		assertThat(this.registry.count()).isEqualTo(3);
	}

	@Test
	void runWhenSecretsConfiguredThenUsesThemAndPrintsNoSecret() {
		String demoSecret = "configured-demo-secret-" + UUID.randomUUID();
		String introspectorSecret = "configured-introspector-secret-" + UUID.randomUUID();

		bootstrap(new BootstrapProperties(true, new BootstrapProperties.Credentials("ci-client", demoSecret),
				new BootstrapProperties.Credentials("ci-api", introspectorSecret), "demo-api", "http://127.0.0.1:9876/callback"))
			.run(new DefaultApplicationArguments());

		assertThat(printed()).doesNotContain(demoSecret).doesNotContain(introspectorSecret);
		assertThat(this.registry.findById("ci-client").orElseThrow().secretMatches(demoSecret,
				java.time.Instant.now())).isTrue();
	}

	@Test
	void runWhenConfiguredSecretTooShortThenRefusesToStart() {
		ClientBootstrap bootstrap = bootstrap(new BootstrapProperties(true,
				new BootstrapProperties.Credentials("ci-client", "short"), null, "demo-api", "http://127.0.0.1:9876/callback"));

		assertThatIllegalArgumentException().isThrownBy(() -> bootstrap.run(new DefaultApplicationArguments()));
		assertThat(this.registry.count()).isZero();
	}

	@Test
	void databaseWhenBootstrappedThenHoldsNoPlaintextSecret() {
		bootstrap(new BootstrapProperties(true, null, null, "demo-api", "http://127.0.0.1:9876/callback")).run(new DefaultApplicationArguments());
		String secret = printed().replaceAll("(?s).*export DEMO_CLIENT_SECRET=(\\S+).*", "$1");

		String dump = TestDatabase.dump(this.dataSource);

		assertThat(dump).contains("demo-client").doesNotContain(secret)
			.doesNotContain(secret.substring(ClientSecret.PREFIX.length()));
	}

	private ClientBootstrap bootstrap(BootstrapProperties properties) {
		return new ClientBootstrap(this.registry, properties,
				new PrintStream(this.console, true, StandardCharsets.UTF_8));
	}

	private String printed() {
		return this.console.toString(StandardCharsets.UTF_8);
	}

}
