package dev.gatehouse.auth.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.MutableClock;
import dev.gatehouse.auth.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Cluster jobs on a real database, with one {@link ClusterJobs} per simulated instance (each with its own
 * connections, as two servers would have).
 */
@BothDatabases
class ClusterJobsTests {

	private final DataSource database = TestDatabase.migrated();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));

	private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void aScheduledJobRunsOncePerIntervalWhicheverInstanceAsks() {
		ClusterJobs a = instance();
		ClusterJobs b = instance();
		AtomicInteger runs = new AtomicInteger();

		assertThat(a.runIfDue("grant-purge", Duration.ofMinutes(10), runs::incrementAndGet)).isTrue();
		assertThat(b.runIfDue("grant-purge", Duration.ofMinutes(10), runs::incrementAndGet)).isFalse();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(a.runIfDue("grant-purge", Duration.ofMinutes(10), runs::incrementAndGet)).isFalse();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(b.runIfDue("grant-purge", Duration.ofMinutes(10), runs::incrementAndGet))
			.as("due again after the interval, at whichever instance asks first").isTrue();
		assertThat(runs).hasValue(2);
		assertThat(this.metrics.counter("gatehouse.cluster.job.runs", "job", "grant-purge", "outcome", "ran").count())
			.isEqualTo(2);
		assertThat(this.metrics.counter("gatehouse.cluster.job.runs", "job", "grant-purge", "outcome", "skipped").count())
			.isEqualTo(2);
		assertThat(JdbcClient.create(this.database)
			.sql("select last_run_by from cluster_job where job_name = 'grant-purge'")
			.query(String.class)
			.single()).endsWith(":" + ProcessHandle.current().pid());
	}

	@Test
	void instancesAskingAtTheSameMomentRunTheJobOnce() throws Exception {
		List<ClusterJobs> instances = List.of(instance(), instance(), instance(), instance());
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> asked = new ArrayList<>();
		for (ClusterJobs instance : instances) {
			asked.add(this.threads.submit(() -> {
				start.await();
				return instance.runIfDue("denylist-purge", Duration.ofMinutes(1), runs::incrementAndGet);
			}));
		}
		start.countDown();
		int ran = 0;
		for (Future<Boolean> answer : asked) {
			ran += answer.get(30, TimeUnit.SECONDS) ? 1 : 0;
		}

		assertThat(ran).isEqualTo(1);
		assertThat(runs).hasValue(1);
	}

	@Test
	void aJobNotKnownToTheMigrationsGetsItsRowOnFirstUse() {
		AtomicInteger runs = new AtomicInteger();

		assertThat(instance().runIfDue("new-job", Duration.ofHours(1), runs::incrementAndGet)).isTrue();
		assertThat(instance().runIfDue("new-job", Duration.ofHours(1), runs::incrementAndGet)).isFalse();
		assertThat(runs).hasValue(1);
	}

	@Test
	void aLastRunRecordedByAClockFarAheadDoesNotStopTheJob() {
		AtomicInteger runs = new AtomicInteger();
		this.clock.advance(Duration.ofDays(1));
		instance().runIfDue("audit-purge", Duration.ofHours(1), runs::incrementAndGet);
		this.clock.advance(Duration.ofDays(-1));

		assertThat(instance().runIfDue("audit-purge", Duration.ofHours(1), runs::incrementAndGet)).isTrue();
		assertThat(runs).hasValue(2);
	}

	@Test
	void theLockIsHeldUntilTheTransactionEndsAndOthersWaitForIt() throws Exception {
		ClusterJobs a = instance();
		TransactionTemplate aTransaction = new TransactionTemplate(new DataSourceTransactionManager(this.database));
		ClusterJobs b = instance();
		TransactionTemplate bTransaction = new TransactionTemplate(new DataSourceTransactionManager(this.database));
		CountDownLatch aHoldsIt = new CountDownLatch(1);
		CountDownLatch releaseA = new CountDownLatch(1);
		List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

		Future<?> first = this.threads.submit(() -> aTransaction.executeWithoutResult((status) -> {
			a.lockForTransaction("key-rotation");
			order.add("a locked");
			aHoldsIt.countDown();
			await(releaseA);
			order.add("a commits");
		}));
		assertThat(aHoldsIt.await(30, TimeUnit.SECONDS)).isTrue();
		Future<?> second = this.threads.submit(() -> bTransaction.executeWithoutResult((status) -> {
			b.lockForTransaction("key-rotation");
			order.add("b locked");
		}));
		Thread.sleep(300);
		order.add("a releases");
		releaseA.countDown();
		first.get(30, TimeUnit.SECONDS);
		second.get(30, TimeUnit.SECONDS);

		assertThat(order).containsExactly("a locked", "a releases", "a commits", "b locked");
	}

	@Test
	void aJobWhoseDatabaseIsAwayFailsQuietlyAndIsCounted() {
		DataSource away = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/nowhere", "nobody", "none");
		ClusterJobs instance = new ClusterJobs(JdbcClient.create(away), new DataSourceTransactionManager(away),
				this.clock, this.metrics);
		AtomicInteger runs = new AtomicInteger();

		assertThat(instance.runIfDue("grant-purge", Duration.ofMinutes(10), runs::incrementAndGet)).isFalse();
		assertThat(runs).hasValue(0);
		assertThat(this.metrics.counter("gatehouse.cluster.job.runs", "job", "grant-purge", "outcome", "failed").count())
			.isEqualTo(1);
	}

	@Test
	void theLockNeedsATransaction() {
		assertThatIllegalStateException().isThrownBy(() -> instance().lockForTransaction("key-rotation"))
			.withMessageContaining("needs a transaction");
	}

	/** A Gatehouse instance's view: its own transaction manager on the shared database. */
	private ClusterJobs instance() {
		return new ClusterJobs(JdbcClient.create(this.database), new DataSourceTransactionManager(this.database),
				this.clock, this.metrics);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
