package dev.gatehouse.auth.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.gatehouse.auth.audit.AuditQuery;

/**
 * The audit page's filters as the query string carries them: plain strings, so a value that cannot be read
 * is answered with a message on the page rather than a binding failure. Times are {@code datetime-local}
 * values ({@code 2026-01-31T14:30}, seconds optional) read as UTC.
 *
 * @param from the earliest time, inclusive
 * @param to the end of the range, exclusive
 * @param type an event type, or blank for any
 * @param client a client id
 * @param subject a subject
 * @param outcome {@code success}, {@code failure} or blank
 * @param actor who acted
 * @param page the page, from 0
 * @param size rows per page
 */
record AuditFilter(String from, String to, String type, String client, String subject, String outcome, String actor,
		String page, String size) {

	AuditFilter {
		from = trim(from);
		to = trim(to);
		type = trim(type);
		client = trim(client);
		subject = trim(subject);
		outcome = trim(outcome);
		actor = trim(actor);
		page = trim(page);
		size = trim(size);
	}

	/** The search these filters ask for; throws {@link IllegalArgumentException} with a message for the admin. */
	AuditQuery toQuery() {
		return AuditQuery.builder()
			.from(instant("From", this.from))
			.to(instant("To", this.to))
			.type(this.type)
			.clientId(this.client)
			.subject(this.subject)
			.outcome(this.outcome)
			.actor(this.actor)
			.page(number("Page", this.page, 0))
			.size(number("Rows per page", this.size, AuditQuery.DEFAULT_SIZE))
			.build();
	}

	/** The query string of these filters on another page (blank filters left out), e.g. {@code ?client=x&page=2}. */
	String queryString(int otherPage) {
		Map<String, String> parameters = filters();
		if (otherPage > 0) {
			parameters.put("page", Integer.toString(otherPage));
		}
		return queryString(parameters);
	}

	/** The query string of the filters alone: what the export takes. */
	String filterQueryString() {
		return queryString(filters());
	}

	private Map<String, String> filters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("from", this.from);
		parameters.put("to", this.to);
		parameters.put("type", this.type);
		parameters.put("client", this.client);
		parameters.put("subject", this.subject);
		parameters.put("outcome", this.outcome);
		parameters.put("actor", this.actor);
		parameters.put("size", this.size);
		return parameters;
	}

	private static String queryString(Map<String, String> parameters) {
		String query = parameters.entrySet()
			.stream()
			.filter((parameter) -> !parameter.getValue().isEmpty())
			.map((parameter) -> parameter.getKey() + "=" + URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return query.isEmpty() ? "" : "?" + query;
	}

	private static Instant instant(String label, String value) {
		if (value.isEmpty()) {
			return null;
		}
		try {
			return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(label + " is not a date and time like 2026-01-31T14:30 (UTC)");
		}
	}

	private static int number(String label, String value, int otherwise) {
		if (value.isEmpty()) {
			return otherwise;
		}
		if (!value.matches("-?\\d{1,9}")) {
			throw new IllegalArgumentException(label + " is not a whole number");
		}
		return Integer.parseInt(value);
	}

	private static String trim(String value) {
		return (value != null) ? value.strip() : "";
	}

}
