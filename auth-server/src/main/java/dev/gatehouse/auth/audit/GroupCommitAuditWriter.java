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

import io.micrometer.core.instrument.Counter;
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

	private final Counter lost;

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
		this.lost = Counter.builder("gatehouse.audit.lost")
			.description("queued audit events (introspections, refusals) a storage failure lost")
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

	/** Lets the writer store what was handed in, then end; never interrupts it (H2 closes a file on interrupt). */
	@PreDestroy
	void stop() throws InterruptedException {
		this.running = false;
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

	/**
	 * Queues an event without waiting for its commit: for events that hand nothing out (an introspection, a
	 * refusal), so a flood of them costs the caller a queue slot, not a commit. Blocks while the queue is full
	 * (back pressure), and fails like {@link #write} when it stays full.
	 */
	void submit(AuditEvent event) {
		try {
			if (!this.queue.offer(new Pending(event, null, System.nanoTime()), WAIT_SECONDS, TimeUnit.SECONDS)) {
				throw new DataAccessResourceFailureException("the audit queue is full");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("interrupted while queueing an audit event");
		}
	}

	private void drain() {
		List<Pending> batch = new ArrayList<>(BATCH);
		while (this.running) {
			Pending first;
			try {
				first = this.queue.poll(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException stopping) {
				break;
			}
			if (first != null) {
				batch.add(first);
				this.queue.drainTo(batch, BATCH - 1);
				commit(batch);
			}
		}
		// stopping: what was handed in is still stored, queued events included
		while (this.queue.drainTo(batch, BATCH) > 0) {
			commit(batch);
		}
		discardConnection();
	}

	/** Returns once every event handed in before this call is stored: a marker travels the queue behind them. */
	void flush() {
		Pending marker = new Pending(null, new CompletableFuture<>(), System.nanoTime());
		try {
			if (!this.queue.offer(marker, WAIT_SECONDS, TimeUnit.SECONDS)) {
				throw new DataAccessResourceFailureException("the audit queue is full");
			}
			marker.committed().get(WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("interrupted while waiting for the audit queue");
		}
		catch (TimeoutException | ExecutionException ex) {
			throw new DataAccessResourceFailureException("the audit queue was not stored in time");
		}
	}

	private void commit(List<Pending> batch) {
		try {
			List<AuditEvent> events = batch.stream().map(Pending::event).filter(Objects::nonNull).toList();
			if (!events.isEmpty()) {
				store(events);
				this.batchSizes.record(events.size());
			}
			long committedAt = System.nanoTime();
			batch.forEach((pending) -> {
				if (pending.event() != null) {
					this.lag.record(committedAt - pending.handedInAt(), TimeUnit.NANOSECONDS);
				}
				if (pending.committed() != null) {
					pending.committed().complete(null);
				}
			});
		}
		catch (SQLException | RuntimeException ex) {
			long unwaited = batch.stream().filter((pending) -> pending.committed() == null).count();
			logger.error("Could not store " + batch.size() + " audit events (" + unwaited
					+ " of them queued without a waiting caller, now lost): " + ex.getClass().getName());
			this.lost.increment(unwaited);
			DataAccessException failure = new DataAccessResourceFailureException("audit events not stored", ex);
			batch.stream()
				.filter((pending) -> pending.committed() != null)
				.forEach((pending) -> pending.committed().completeExceptionally(failure));
			discardConnection();
		}
		batch.clear();
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
