package dev.gatehouse.auth.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Group commit for the audit trail: callers hand in an event and wait until it is committed; one writer thread
 * takes whatever has queued up meanwhile and stores it in one transaction, on a connection of its own opened
 * straight from the driver, not from the pool (requests that wait for it while holding pool connections cannot
 * starve it, nor delay the replacement of a broken one). Under load one commit carries many
 * events; alone, an event waits only for its own insert. A caller is answered only after its event is stored,
 * and an event that cannot be stored within {@value #WAIT_SECONDS} s fails the caller's request (503), so no
 * response goes out for a decision the trail does not hold.
 */
final class GroupCommitAuditWriter {

	private static final Log logger = LogFactory.getLog(GroupCommitAuditWriter.class);

	static final int BATCH = 500;

	static final int WAIT_SECONDS = 5;

	private final DataSource dataSource;

	/** The writer's own connection, from a data source outside the pool. */
	private Connection connection;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(20_000);

	private Thread writer;

	private volatile boolean running;

	private final DistributionSummary batchSizes;

	private final Timer lag;

	GroupCommitAuditWriter(DataSource dataSource, MeterRegistry metrics) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.batchSizes = DistributionSummary.builder("gatehouse.audit.batch.size")
			.description("audit events stored per commit")
			.publishPercentileHistogram()
			.maximumExpectedValue((double) BATCH)
			.register(metrics);
		this.lag = Timer.builder("gatehouse.audit.commit.lag")
			.description("from an event handed in to its commit: what the caller waits for")
			.publishPercentileHistogram()
			.register(metrics);
		Gauge.builder("gatehouse.audit.queue", this.queue, BlockingQueue::size)
			.description("audit events waiting for the writer")
			.register(metrics);
	}

	@PostConstruct
	void start() {
		this.running = true;
		this.writer = new Thread(this::drain, "gatehouse-audit-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@PreDestroy
	void stop() throws InterruptedException {
		this.running = false;
		this.writer.interrupt();
		this.writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
	}

	/** Stores the event, returning once it is committed; fails with a data access exception otherwise. */
	void write(AuditEvent event) {
		Pending pending = new Pending(event, new CompletableFuture<>(), System.nanoTime());
		try {
			if (!this.queue.offer(pending, WAIT_SECONDS, TimeUnit.SECONDS)) {
				throw new DataAccessResourceFailureException("the audit queue is full");
			}
			pending.committed().get(WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("interrupted while storing an audit event");
		}
		catch (TimeoutException ex) {
			throw new DataAccessResourceFailureException("the audit event was not stored in time");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof DataAccessException failure) {
				throw failure;
			}
			throw new DataAccessResourceFailureException("the audit event could not be stored", ex.getCause());
		}
	}

	private void drain() {
		List<Pending> batch = new ArrayList<>(BATCH);
		while (this.running) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException stopping) {
				break;
			}
			this.queue.drainTo(batch, BATCH - 1);
			try {
				store(batch.stream().map(Pending::event).toList());
				long committedAt = System.nanoTime();
				this.batchSizes.record(batch.size());
				batch.forEach((pending) -> {
					this.lag.record(committedAt - pending.handedInAt(), TimeUnit.NANOSECONDS);
					pending.committed().complete(null);
				});
			}
			catch (SQLException | RuntimeException ex) {
				logger.error("Could not store " + batch.size() + " audit events: " + ex.getClass().getName());
				DataAccessException failure = new DataAccessResourceFailureException("audit events not stored", ex);
				batch.forEach((pending) -> pending.committed().completeExceptionally(failure));
				discardConnection();
			}
			batch.clear();
		}
		this.queue.forEach((pending) -> pending.committed()
			.completeExceptionally(new DataAccessResourceFailureException("the server is stopping")));
		discardConnection();
	}

	private void store(List<AuditEvent> events) throws SQLException {
		if (this.connection == null) {
			this.connection = this.dataSource.getConnection();
			this.connection.setAutoCommit(false);
		}
		try {
			JdbcAuditLog.insert(this.connection, events);
			this.connection.commit();
		}
		catch (SQLException ex) {
			this.connection.rollback();
			throw ex;
		}
	}

	private void discardConnection() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ignored) {
				// broken anyway; the next batch opens a new one
			}
			this.connection = null;
		}
	}

	private record Pending(AuditEvent event, CompletableFuture<Void> committed, long handedInAt) {
	}

}
