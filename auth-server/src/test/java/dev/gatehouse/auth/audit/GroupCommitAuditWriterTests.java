package dev.gatehouse.auth.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The group commit writer on a real database: every caller's event is stored, and a failure reaches the caller. */
@BothDatabases
class GroupCommitAuditWriterTests {

	private final DataSource database = TestDatabase.migrated();

	private final JdbcClient jdbc = JdbcClient.create(this.database);

	private final GroupCommitAuditWriter writer = new GroupCommitAuditWriter(this.database, new SimpleMeterRegistry());

	@AfterEach
	void stop() throws InterruptedException {
		this.writer.stop();
	}

	@Test
	void concurrentCallersAllReturnWithTheirEventStored() throws Exception {
		this.writer.start();
		ExecutorService callers = Executors.newFixedThreadPool(8);
		List<Future<?>> done = new ArrayList<>();
		for (int caller = 0; caller < 8; caller++) {
			String client = "client-" + caller;
			done.add(callers.submit(() -> {
				for (int i = 0; i < 200; i++) {
					this.writer.write(event(client));
				}
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		callers.shutdown();

		assertThat(this.jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(1600);
		assertThat(this.jdbc.sql("select count(distinct client_id) from audit_event").query(Long.class).single())
			.isEqualTo(8);
	}

	@Test
	void submittedEventsAreStoredByTheNextCommitAndAFlushWaitsForThem() {
		this.writer.start();
		for (int i = 0; i < 300; i++) {
			this.writer.submit(event("queued"));
		}

		this.writer.flush();

		assertThat(count("queued")).isEqualTo(300);
	}

	@Test
	void stoppingStoresWhatWasQueuedBeforehand() throws InterruptedException {
		for (int i = 0; i < 50; i++) {
			this.writer.submit(event("before-stop"));
		}
		this.writer.start();

		this.writer.stop();

		assertThat(count("before-stop")).isEqualTo(50);
	}

	@Test
	void whenTheEventCannotBeStoredTheCallerFails() {
		this.writer.start();
		this.jdbc.sql("drop table audit_event").update();

		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.writer.write(event("c")));
	}

	private long count(String client) {
		return this.jdbc.sql("select count(*) from audit_event where client_id = :client")
			.param("client", client)
			.query(Long.class)
			.single();
	}

	private static AuditEvent event(String client) {
		return new AuditEvent(Instant.now(), "access_token.issued", "success", client, client, "127.0.0.1", null,
				"/oauth2/token", "read", "jti", "request", "client:" + client, null, null);
	}

}
