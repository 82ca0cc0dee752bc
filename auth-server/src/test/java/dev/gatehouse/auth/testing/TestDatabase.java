package dev.gatehouse.auth.testing;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A fresh in-memory H2 database with every migration from {@code sql/} applied, for storage tests. */
public final class TestDatabase {

	private TestDatabase() {
	}

	public static DataSource migrated() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		return dataSource;
	}

}
