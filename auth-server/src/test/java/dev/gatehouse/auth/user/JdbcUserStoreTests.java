package dev.gatehouse.auth.user;

import java.time.Clock;
import java.util.Set;

import javax.sql.DataSource;

import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@BothDatabases
class JdbcUserStoreTests {

	private JdbcUserStore users;

	private JdbcClient jdbc;

	private DataSource dataSource;

	@BeforeEach
	void emptyDatabase() {
		this.dataSource = TestDatabase.migrated();
		this.jdbc = JdbcClient.create(this.dataSource);
		this.users = new JdbcUserStore(this.jdbc, Clock.systemUTC(), (event) -> { });
	}

	@Test
	void createThenAuthenticateWithTheRightPasswordOnly() {
		Password password = Password.of("correct horse battery");
		User created = this.users.create("alice", Set.of("admin", "user"), password);

		assertThat(this.users.authenticate("alice", "correct horse battery")).contains(created);
		assertThat(this.users.authenticate("alice", "correct horse batterx")).isEmpty();
		assertThat(this.users.authenticate("nobody", "correct horse battery")).isEmpty();
		assertThat(created.roles()).containsExactlyInAnyOrder("admin", "user");
	}

	@Test
	void passwordIsStoredOnlyAsAnArgon2idHash() {
		this.users.create("bob", Set.of("user"), Password.of("a long enough password"));

		String dump = TestDatabase.dump(this.dataSource);

		assertThat(dump).contains("$argon2id$").doesNotContain("a long enough password");
	}

	@Test
	void disabledUserCannotAuthenticate() {
		this.users.create("carol", Set.of("user"), Password.of("carol's password"));

		this.users.setEnabled("carol", false);

		assertThat(this.users.authenticate("carol", "carol's password")).isEmpty();
	}

	@Test
	void setPasswordReplacesTheOldOne() {
		this.users.create("dave", Set.of("user"), Password.of("first password!"));

		assertThat(this.users.setPassword("dave", Password.of("second password!"))).isTrue();

		assertThat(this.users.authenticate("dave", "first password!")).isEmpty();
		assertThat(this.users.authenticate("dave", "second password!")).isPresent();
	}

	@Test
	void setRolesReplacesRoles() {
		this.users.create("erin", Set.of("user"), Password.generate());

		this.users.setRoles("erin", Set.of("admin"));

		assertThat(this.users.findByUsername("erin").orElseThrow().roles()).containsExactly("admin");
	}

	@Test
	void createWhenUsernameTakenOrInvalidThenClearError() {
		this.users.create("frank", Set.of("user"), Password.generate());

		assertThatIllegalArgumentException().isThrownBy(() -> this.users.create("frank", Set.of(), Password.generate()))
			.withMessageContaining("taken");
		assertThatIllegalArgumentException().isThrownBy(() -> this.users.create("has space", Set.of(), Password.generate()));
		assertThatIllegalArgumentException().isThrownBy(() -> this.users.create("ok", Set.of("Admin!"), Password.generate()));
	}

	@Test
	void passwordWhenTooShortThenRejectedAndNeverPrinted() {
		assertThatIllegalArgumentException().isThrownBy(() -> Password.of("short"));
		assertThat(Password.of("a long enough password").toString()).doesNotContain("long");
		assertThat(Password.generate().reveal()).hasSizeGreaterThanOrEqualTo(Password.MINIMUM_LENGTH);
	}

}
