package dev.gatehouse.auth.user;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

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
class UserBootstrapTests {

	private JdbcUserStore users;

	private final ByteArrayOutputStream console = new ByteArrayOutputStream();

	@BeforeEach
	void emptyDatabase() {
		DataSource dataSource = TestDatabase.migrated();
		this.users = new JdbcUserStore(JdbcClient.create(dataSource), Clock.systemUTC(), (event) -> { });
	}

	@Test
	void runWhenNoUsersThenAdminWithGeneratedPasswordPrintedOnce() {
		bootstrap(new AdminBootstrapProperties("admin", "")).run(new DefaultApplicationArguments());

		String printed = printed();
		String password = printed.replaceAll("(?s).*export ADMIN_PASSWORD=(\\S+).*", "$1");
		assertThat(this.users.authenticate("admin", password).orElseThrow().roles()).containsExactly("admin");

		this.console.reset();
		bootstrap(new AdminBootstrapProperties("admin", "")).run(new DefaultApplicationArguments());
		assertThat(printed()).isEmpty();
		assertThat(this.users.count()).isEqualTo(1);
	}

	@Test
	void runWhenPasswordConfiguredThenUsedAndNotPrinted() {
		bootstrap(new AdminBootstrapProperties("root", "configured admin password")).run(new DefaultApplicationArguments());

		assertThat(printed()).doesNotContain("configured admin password");
		assertThat(this.users.authenticate("root", "configured admin password")).isPresent();
	}

	@Test
	void runWhenConfiguredPasswordTooShortThenRefusesToStart() {
		UserBootstrap bootstrap = bootstrap(new AdminBootstrapProperties("admin", "short"));

		assertThatIllegalArgumentException().isThrownBy(() -> bootstrap.run(new DefaultApplicationArguments()));
		assertThat(this.users.count()).isZero();
	}

	private UserBootstrap bootstrap(AdminBootstrapProperties properties) {
		return new UserBootstrap(this.users, properties, true, new PrintStream(this.console, true, StandardCharsets.UTF_8));
	}

	private String printed() {
		return this.console.toString(StandardCharsets.UTF_8);
	}

}
