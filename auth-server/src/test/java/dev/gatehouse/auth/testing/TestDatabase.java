package dev.gatehouse.auth.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database the storage and HTTP tests run on, chosen per test run by the system property
 * {@code gatehouse.test.database}: {@code h2} (the default: a fresh in-memory database) or {@code postgresql}
 * (a fresh schema in the PostgreSQL database named by {@code GATEHOUSE_TEST_POSTGRESQL_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/gatehouse_test}, as {@code GATEHOUSE_TEST_POSTGRESQL_USER} /
 * {@code GATEHOUSE_TEST_POSTGRESQL_PASSWORD}, default {@code gatehouse_test} for both). {@code mvn verify}
 * runs the classes marked {@link BothDatabases} once per database.
 */
public final class TestDatabase {

	private static final String SCHEMA_PREFIX = "gh_test_";

	private static final AtomicBoolean OLD_SCHEMAS_DROPPED = new AtomicBoolean();

	private static String problem;

	private TestDatabase() {
	}

	/** True when this test run is the PostgreSQL run. */
	public static boolean isPostgreSql() {
		return "postgresql".equals(System.getProperty("gatehouse.test.database", "h2").toLowerCase(Locale.ROOT));
	}

	/** A fresh, empty database (H2) or schema (PostgreSQL), not migrated; what the server is pointed at. */
	public static Connection fresh() {
		return isPostgreSql() ? freshPostgreSqlSchema() : new Connection(
				"jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	/**
	 * A fresh, empty PostgreSQL schema whatever the run, for tests that need PostgreSQL itself (two servers
	 * sharing it, crashes, outages); call {@link #requirePostgreSql()} first.
	 */
	public static Connection postgreSql() {
		return freshPostgreSqlSchema();
	}

	/** A fresh database with every migration from {@code sql/} applied, for storage tests. */
	public static DataSource migrated() {
		DataSource dataSource = fresh().dataSource();
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		return dataSource;
	}

	/**
	 * Every row of the named tables (all tables of the current schema when none are named) as text, one line
	 * per row after a {@code TABLE <NAME>} line: what a dump of the database would show an attacker. Works
	 * on both databases (H2's {@code SCRIPT} does not exist on PostgreSQL).
	 */
	public static String dump(DataSource dataSource, String... tables) {
		StringBuilder dump = new StringBuilder();
		try (java.sql.Connection connection = dataSource.getConnection()) {
			List<String> names = new ArrayList<>(List.of(tables));
			if (names.isEmpty()) {
				try (ResultSet all = connection.getMetaData().getTables(null, connection.getSchema(), "%",
						new String[] { "TABLE" })) {
					while (all.next()) {
						names.add('"' + all.getString("TABLE_NAME") + '"');
					}
				}
			}
			for (String table : names) {
				dump.append("TABLE ").append(table.replace("\"", "").toUpperCase(Locale.ROOT)).append('\n');
				try (Statement statement = connection.createStatement();
						ResultSet rows = statement.executeQuery("select * from " + table)) {
					int columns = rows.getMetaData().getColumnCount();
					while (rows.next()) {
						for (int column = 1; column <= columns; column++) {
							dump.append(column > 1 ? " | " : "").append(rows.getString(column));
						}
						dump.append('\n');
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return dump.toString();
	}

	/**
	 * For a test that needs PostgreSQL in any run: aborts it (skipped, with the reason) when PostgreSQL cannot
	 * be reached, except under {@code CI=true}, where that fails it.
	 */
	public static void requirePostgreSql() {
		String found = postgreSqlProblemOnce();
		if (found.isEmpty()) {
			return;
		}
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true and " + found);
		}
		Assumptions.abort("SKIPPED: " + found);
	}

	/** {@link #postgreSqlProblem()}, asked once per test JVM and announced on the console if there is one. */
	static String postgreSqlProblemOnce() {
		synchronized (TestDatabase.class) {
			if (problem == null) {
				problem = postgreSqlProblem();
				if (!problem.isEmpty() && !"true".equalsIgnoreCase(System.getenv("CI"))) {
					System.err.println("\n*** " + problem + "\n*** The tests that need PostgreSQL (the PostgreSQL "
							+ "run of the storage and HTTP tests among them) are SKIPPED; see README, Testing.\n");
				}
			}
			return problem;
		}
	}

	/** Where PostgreSQL is expected, and why it cannot be used if it cannot; empty when it can. */
	static String postgreSqlProblem() {
		try (java.sql.Connection connection = DriverManager.getConnection(postgreSqlUrl(), postgreSqlUser(),
				postgreSqlPassword())) {
			return "";
		}
		catch (SQLException ex) {
			return "PostgreSQL is not reachable at " + postgreSqlUrl() + " as " + postgreSqlUser() + ": "
					+ ex.getMessage();
		}
	}

	static String postgreSqlUrl() {
		return setting("GATEHOUSE_TEST_POSTGRESQL_URL", "jdbc:postgresql://127.0.0.1:5432/gatehouse_test");
	}

	private static String postgreSqlUser() {
		return setting("GATEHOUSE_TEST_POSTGRESQL_USER", "gatehouse_test");
	}

	private static String postgreSqlPassword() {
		return setting("GATEHOUSE_TEST_POSTGRESQL_PASSWORD", "gatehouse_test");
	}

	private static String setting(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	private static Connection freshPostgreSqlSchema() {
		String schema = SCHEMA_PREFIX + Instant.now().getEpochSecond() + "_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (java.sql.Connection connection = DriverManager.getConnection(postgreSqlUrl(), postgreSqlUser(),
				postgreSqlPassword()); Statement statement = connection.createStatement()) {
			if (OLD_SCHEMAS_DROPPED.compareAndSet(false, true)) {
				dropSchemasOlderThan(connection, Duration.ofHours(3));
			}
			statement.execute("create schema " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(postgreSqlProblem(), ex);
		}
		String separator = postgreSqlUrl().contains("?") ? "&" : "?";
		return new Connection(postgreSqlUrl() + separator + "currentSchema=" + schema, postgreSqlUser(),
				postgreSqlPassword());
	}

	/** Schemas earlier test runs left behind (a test JVM cannot know when the last server using one stopped). */
	private static void dropSchemasOlderThan(java.sql.Connection connection, Duration age) throws SQLException {
		long oldest = Instant.now().minus(age).getEpochSecond();
		List<String> old = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet schemas = statement.executeQuery("select nspname from pg_namespace where nspname like '"
						+ SCHEMA_PREFIX + "%'")) {
			while (schemas.next()) {
				String name = schemas.getString(1);
				String[] parts = name.substring(SCHEMA_PREFIX.length()).split("_");
				if (parts.length == 2 && parts[0].matches("\\d+") && Long.parseLong(parts[0]) < oldest) {
					old.add(name);
				}
			}
		}
		for (String name : old) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("drop schema " + name + " cascade");
			}
		}
	}

	/** How to reach one test database. */
	public record Connection(String url, String username, String password) {

		public DataSource dataSource() {
			return new DriverManagerDataSource(this.url, this.username, this.password);
		}

		@Override
		public String toString() {
			return "Connection[" + this.url + " as " + this.username + "]";
		}

	}

}
