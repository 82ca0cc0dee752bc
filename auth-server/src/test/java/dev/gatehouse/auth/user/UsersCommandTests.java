package dev.gatehouse.auth.user;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@BothDatabases
class UsersCommandTests {

	private JdbcUserStore users;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@BeforeEach
	void emptyDatabase() {
		DataSource dataSource = TestDatabase.migrated();
		this.users = new JdbcUserStore(JdbcClient.create(dataSource), Clock.systemUTC(), (event) -> { });
	}

	@Test
	void addPrintsTheGeneratedPasswordOnceAndItWorks() {
		assertThat(command(null).run(List.of("add", "alice", "admin"))).isZero();

		String password = printed().replaceAll("(?s).*shown only this once\\): (\\S+).*", "$1");
		assertThat(this.users.authenticate("alice", password).orElseThrow().roles()).containsExactly("admin");
	}

	@Test
	void addWithChosenPasswordPrintsNoSecret() {
		assertThat(command("a chosen password").run(List.of("add", "bob"))).isZero();

		assertThat(printed()).doesNotContain("a chosen password").doesNotContain("Password");
		assertThat(this.users.authenticate("bob", "a chosen password").orElseThrow().roles()).containsExactly("user");
	}

	@Test
	void resetPasswordReplacesIt() {
		command("first password!").run(List.of("add", "carol"));

		assertThat(command("second password!").run(List.of("reset-password", "carol"))).isZero();

		assertThat(this.users.authenticate("carol", "second password!")).isPresent();
		assertThat(command(null).run(List.of("reset-password", "nobody"))).isEqualTo(1);
	}

	@Test
	void disableRolesAndListWork() {
		command("a chosen password").run(List.of("add", "dave"));

		assertThat(command(null).run(List.of("roles", "dave", "admin", "user"))).isZero();
		assertThat(command(null).run(List.of("disable", "dave"))).isZero();
		this.out.reset();
		assertThat(command(null).run(List.of("list"))).isZero();

		assertThat(printed()).contains("dave").contains("false");
		assertThat(this.users.authenticate("dave", "a chosen password")).isEmpty();
	}

	@Test
	void unknownCommandPrintsUsage() {
		assertThat(command(null).run(List.of("frobnicate"))).isEqualTo(2);
		assertThat(printed()).startsWith("usage:");
	}

	private UsersCommand command(String chosenPassword) {
		return new UsersCommand(this.users, new PrintStream(this.out, true, StandardCharsets.UTF_8), chosenPassword);
	}

	private String printed() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

}
