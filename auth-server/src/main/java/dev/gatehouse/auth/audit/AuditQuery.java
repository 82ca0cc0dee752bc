package dev.gatehouse.auth.audit;

import java.time.Instant;
import java.util.Set;

/**
 * What to look for in the audit trail: every filter optional (blank means any) and an exact match, the time
 * range from inclusive to exclusive; and which page of how many rows.
 *
 * @param from the earliest time, inclusive
 * @param to the time the range ends, exclusive; after {@code from}
 * @param type one of {@link AuditSearch#EVENT_TYPES}
 * @param clientId the client id
 * @param subject the subject (user id, client id, username or key id)
 * @param outcome {@code success} or {@code failure}
 * @param actor who acted, like {@code user:alice} or {@code client:demo-client}
 * @param page the page, from 0 to {@value #MAX_PAGE}
 * @param size rows per page, 1 to {@value #MAX_SIZE}
 */
public record AuditQuery(Instant from, Instant to, String type, String clientId, String subject, String outcome,
		String actor, int page, int size) {

	public static final int DEFAULT_SIZE = 50;

	public static final int MAX_SIZE = 200;

	public static final int MAX_PAGE = 100_000;

	private static final Set<String> OUTCOMES = Set.of("success", "failure");

	public AuditQuery {
		type = blankToNull(type);
		clientId = blankToNull(clientId);
		subject = blankToNull(subject);
		outcome = blankToNull(outcome);
		actor = blankToNull(actor);
		if (from != null && to != null && !from.isBefore(to)) {
			throw new IllegalArgumentException("The start of the time range must be before its end");
		}
		if (type != null && !AuditSearch.EVENT_TYPES.contains(type)) {
			throw new IllegalArgumentException("Unknown event type: choose one from the list");
		}
		if (outcome != null && !OUTCOMES.contains(outcome)) {
			throw new IllegalArgumentException("The outcome is success or failure");
		}
		atMost("client id", clientId, 100);
		atMost("subject", subject, 100);
		atMost("actor", actor, 200);
		if (page < 0 || page > MAX_PAGE) {
			throw new IllegalArgumentException("The page is a number from 0 to " + MAX_PAGE);
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("Rows per page is a number from 1 to " + MAX_SIZE);
		}
	}

	/** A query for everything, first page, {@value #DEFAULT_SIZE} rows; change it with the builder. */
	public static Builder builder() {
		return new Builder();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static void atMost(String name, String value, int length) {
		if (value != null && value.length() > length) {
			throw new IllegalArgumentException("The " + name + " is at most " + length + " characters");
		}
	}

	/** Builds a query; unset filters match anything. */
	public static final class Builder {

		private Instant from;

		private Instant to;

		private String type;

		private String clientId;

		private String subject;

		private String outcome;

		private String actor;

		private int page;

		private int size = DEFAULT_SIZE;

		private Builder() {
		}

		public Builder from(Instant from) {
			this.from = from;
			return this;
		}

		public Builder to(Instant to) {
			this.to = to;
			return this;
		}

		public Builder type(String type) {
			this.type = type;
			return this;
		}

		public Builder clientId(String clientId) {
			this.clientId = clientId;
			return this;
		}

		public Builder subject(String subject) {
			this.subject = subject;
			return this;
		}

		public Builder outcome(String outcome) {
			this.outcome = outcome;
			return this;
		}

		public Builder actor(String actor) {
			this.actor = actor;
			return this;
		}

		public Builder page(int page) {
			this.page = page;
			return this;
		}

		public Builder size(int size) {
			this.size = size;
			return this;
		}

		/** The query; throws {@link IllegalArgumentException} naming the first value that is not acceptable. */
		public AuditQuery build() {
			return new AuditQuery(this.from, this.to, this.type, this.clientId, this.subject, this.outcome,
					this.actor, this.page, this.size);
		}

	}

}
