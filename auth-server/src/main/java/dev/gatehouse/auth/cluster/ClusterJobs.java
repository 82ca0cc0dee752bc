package dev.gatehouse.auth.cluster;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs that run once for every Gatehouse instance on this database, coordinated through a row per job in
 * {@code cluster_job}: {@link #runIfDue} for scheduled jobs (each instance asks on its own schedule; the
 * first to ask after the interval runs it), {@link #lockForTransaction} for work that must never run twice
 * at the same time (the key rotation plan: two instances starting together on an empty database create one
 * set of keys, not two).
 */
@Component
public class ClusterJobs {

	private static final Log logger = LogFactory.getLog(ClusterJobs.class);

	/** Who ran a job last, for an operator reading the table: the host and process of this instance. */
	private static final String INSTANCE = hostName() + ":" + ProcessHandle.current().pid();

	private final JdbcClient jdbc;

	private final TransactionTemplate claimTransaction;

	private final Clock clock;

	private final MeterRegistry metrics;

	public ClusterJobs(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, MeterRegistry metrics) {
		this.metrics = Objects.requireNonNull(metrics, "metrics");
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.claimTransaction = new TransactionTemplate(transactions);
		this.claimTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		// what the claim reads after its lock must be what the other instance committed, whatever the database's default
		this.claimTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
	}

	/**
	 * Runs {@code job} unless an instance (this one included) started it less than {@code interval} ago,
	 * minus a tenth for schedules drifting apart; returns whether it ran. The claim is its own short
	 * transaction, so the job's work (batched purges) is not one long transaction holding the lock. A
	 * crash during the job leaves it to the next instance whose schedule comes due. While the database is
	 * away the job fails with one warning line per attempt (not a stack trace every interval) and runs again
	 * on its next schedule.
	 */
	public boolean runIfDue(String name, Duration interval, Runnable job) {
		try {
			if (!claim(name, interval)) {
				logger.debug("Skipped " + name + ": another instance ran it less than " + interval + " ago");
				count(name, "skipped");
				return false;
			}
			count(name, "ran");
			job.run();
			return true;
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Could not run " + name + ", the database is unavailable (" + ex.getClass().getSimpleName()
					+ "); it runs again on its next schedule");
			count(name, "failed");
			return false;
		}
	}

	/**
	 * Takes the cluster-wide lock {@code name} for the rest of the current transaction, waiting while another
	 * instance (or another thread) holds it; the commit or rollback releases it.
	 */
	public void lockForTransaction(String name) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("The cluster lock " + name + " needs a transaction to live in");
		}
		lockedRow(name);
	}

	boolean claim(String name, Duration interval) {
		Boolean claimed = this.claimTransaction.execute((status) -> {
			Instant now = this.clock.instant();
			Optional<Instant> lastRun = lockedRow(name);
			Duration slack = interval.dividedBy(10);
			// a last run further in the future than an interval was recorded by a clock set wrong: not a reason to wait
			if (lastRun.isPresent() && lastRun.get().isAfter(now.minus(interval).plus(slack))
					&& !lastRun.get().isAfter(now.plus(interval))) {
				return false;
			}
			this.jdbc.sql("update cluster_job set last_run_at = :now, last_run_by = :instance where job_name = :name")
				.param("now", Timestamp.from(now))
				.param("instance", INSTANCE)
				.param("name", name)
				.update();
			return true;
		});
		return Boolean.TRUE.equals(claimed);
	}

	/** gatehouse_cluster_job_runs_total{job, outcome=ran|skipped|failed}: which instance runs what. */
	private void count(String name, String outcome) {
		this.metrics.counter("gatehouse.cluster.job.runs", "job", name, "outcome", outcome).increment();
	}

	/** Locks the job's row (creating it the first time a job name is used) and returns when it last ran. */
	private Optional<Instant> lockedRow(String name) {
		for (int attempt = 0; attempt < 2; attempt++) {
			Optional<Optional<Instant>> row = this.jdbc
				.sql("select last_run_at from cluster_job where job_name = :name for update")
				.param("name", name)
				.query((rs, rowNumber) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
				.optional();
			if (row.isPresent()) {
				return row.get();
			}
			// in a transaction of its own: on PostgreSQL a failed insert would end the caller's transaction
			this.claimTransaction.executeWithoutResult((status) -> {
				try {
					this.jdbc.sql("insert into cluster_job (job_name) values (:name)").param("name", name).update();
				}
				catch (DuplicateKeyException ex) {
					status.setRollbackOnly(); // another instance created it at the same moment: lock theirs
				}
			});
		}
		throw new IllegalStateException("The cluster_job row " + name + " cannot be created");
	}

	private static String hostName() {
		try {
			return java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException ex) {
			return "unknown-host";
		}
	}

}
