package dev.gatehouse.auth.audit;

import java.util.List;

/**
 * One page of events.
 *
 * @param events the events, newest first
 * @param page the page number, from 0
 * @param size the rows per page asked for
 * @param hasNext whether at least one more event matches after this page
 */
public record AuditPage(List<AuditEvent> events, int page, int size, boolean hasNext) {

	public AuditPage {
		events = List.copyOf(events);
	}

	public boolean hasPrevious() {
		return this.page > 0;
	}

}
