package dev.gatehouse.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.gatehouse.auth.testing.MutableClock;
import javax.sql.DataSource;

import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry on a real (H2) database, as two instances sharing it would use it.
 */
@BothDatabases
class JdbcClientRegistryTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));

	private JdbcClientRegistry here;

	private JdbcClientRegistry elsewhere;

	@BeforeEach
	void sharedDatabase() {
		DataSource dataSource = TestDatabase.migrated();
		ClientProperties properties = new ClientProperties(Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(7),
				Duration.ofDays(30));
		this.here = new JdbcClientRegistry(JdbcClient.create(dataSource), this.clock, properties, (event) -> { });
		this.elsewhere = new JdbcClientRegistry(JdbcClient.create(dataSource), this.clock, properties, (event) -> { });
	}

	@Test
	void findByIdLoadsClientWithAllItsFieldsAndSecrets() {
		ClientSecret secret = ClientSecret.generate();
		this.here.register(Client.builder("c1")
			.name("Client one")
			.scopes(Set.of("a", "b"))
			.audiences(Set.of("api"))
			.accessTokenLifetime(Duration.ofSeconds(90))
			.signingAlgorithm("EdDSA")
			.mayIntrospect(true)
			.secret(secret.hash())
			.build());

		Client loaded = this.elsewhere.findById("c1").orElseThrow();

		assertThat(loaded.name()).isEqualTo("Client one");
		assertThat(loaded.scopes()).containsExactlyInAnyOrder("a", "b");
		assertThat(loaded.audiences()).containsExactly("api");
		assertThat(loaded.accessTokenLifetime()).isEqualTo(Duration.ofSeconds(90));
		assertThat(loaded.signingAlgorithm()).isEqualTo("EdDSA");
		assertThat(loaded.mayIntrospect()).isTrue();
		assertThat(loaded.secretMatches(secret.reveal(), this.clock.instant())).isTrue();
	}

	@Test
	void disabledHereIsSeenHereAtOnceAndElsewhereWithinTheCacheTtl() {
		this.here.register(Client.builder("c2").build());
		assertThat(this.elsewhere.isEnabled("c2")).isTrue();

		this.here.setEnabled("c2", false);

		assertThat(this.here.isEnabled("c2")).isFalse();
		assertThat(this.elsewhere.isEnabled("c2")).as("still cached elsewhere").isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.elsewhere.isEnabled("c2")).isFalse();
	}

	@Test
	void unknownClientIsNotFoundAndNotEnabled() {
		assertThat(this.here.findById("nobody")).isEmpty();
		assertThat(this.here.isEnabled("nobody")).isFalse();
	}

}
