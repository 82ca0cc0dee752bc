package dev.gatehouse.auth.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

import dev.gatehouse.auth.audit.AuditEvent;
import dev.gatehouse.auth.audit.AuditPage;
import dev.gatehouse.auth.audit.AuditQuery;
import dev.gatehouse.auth.audit.AuditSearch;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The audit log: the trail filtered by time (UTC), event type, client, subject, outcome and actor, newest first,
 * page by page; and the same filters as a CSV download of every matching event. Filters that cannot be read
 * are answered 400 with the page and a message, never a failure page.
 */
@Controller
final class ConsoleAuditController {

	static final String CSV_FILENAME = "gatehouse-audit.csv";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final AuditSearch search;

	ConsoleAuditController(AuditSearch search) {
		this.search = Objects.requireNonNull(search, "search");
	}

	@GetMapping("/console/audit")
	String audit(@ModelAttribute AuditFilter filter, Model model, HttpServletResponse response) {
		AuditQuery query;
		try {
			query = filter.toQuery();
		}
		catch (IllegalArgumentException invalid) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("view", AuditView.refused(filter, invalid.getMessage()));
			return "console/audit";
		}
		model.addAttribute("view", AuditView.of(filter, this.search.search(query)));
		return "console/audit";
	}

	@GetMapping("/console/audit.csv")
	void export(@ModelAttribute AuditFilter filter, HttpServletResponse response) throws IOException {
		AuditQuery query;
		try {
			query = filter.toQuery();
		}
		catch (IllegalArgumentException invalid) {
			throw new ConsoleAdvice.BadRequest(invalid.getMessage());
		}
		response.setContentType("text/csv");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + CSV_FILENAME + "\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.search.export(query, response.getWriter());
	}

	/** What the audit page shows: the filters as entered, the rows, the pager's and the export's links. */
	record AuditView(AuditFilter filter, List<String> types, List<EventRow> rows, int page, boolean hasPrevious,
			boolean hasNext, String previousUrl, String nextUrl, String exportUrl, String error) {

		static AuditView of(AuditFilter filter, AuditPage page) {
			return new AuditView(filter, AuditSearch.EVENT_TYPES, page.events().stream().map(EventRow::of).toList(),
					page.page(), page.hasPrevious(), page.hasNext(),
					"/console/audit" + filter.queryString(page.page() - 1),
					"/console/audit" + filter.queryString(page.page() + 1),
					"/console/audit.csv" + filter.filterQueryString(), null);
		}

		static AuditView refused(AuditFilter filter, String error) {
			return new AuditView(filter, AuditSearch.EVENT_TYPES, List.of(), 0, false, false, null, null, null, error);
		}

	}

	/** One event as the table shows it. */
	record EventRow(String at, String isoAt, String type, String outcome, String clientId, String subject,
			String actor, String originIp, String error, String detail, String requestId) {

		static EventRow of(AuditEvent event) {
			return new EventRow(TIME.format(event.occurredAt()), event.occurredAt().toString(), event.type(),
					event.outcome(), event.clientId(), event.subject(), event.actor(), event.originIp(), event.error(),
					event.detail(), event.requestId());
		}

	}

}
