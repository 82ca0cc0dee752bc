package dev.gatehouse.auth.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.gatehouse.auth.audit.AuditEvent;
import dev.gatehouse.auth.audit.JdbcAuditLog;
import dev.gatehouse.auth.client.JdbcClientRegistry;
import dev.gatehouse.auth.token.RefreshTokenFamilies;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page: counts, tokens issued per hour over the last day (a server-drawn SVG bar chart), and
 * the most recent failures.
 */
@Controller
final class DashboardController {

	private static final String ISSUED = "access_token.issued";

	private final JdbcClientRegistry clients;

	private final RefreshTokenFamilies families;

	private final JdbcAuditLog audit;

	private final Clock clock;

	DashboardController(JdbcClientRegistry clients, RefreshTokenFamilies families, JdbcAuditLog audit, Clock clock) {
		this.clients = Objects.requireNonNull(clients, "clients");
		this.families = Objects.requireNonNull(families, "families");
		this.audit = Objects.requireNonNull(audit, "audit");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@GetMapping("/console")
	String dashboard(Model model) {
		Instant now = this.clock.instant();
		Instant dayAgo = now.minus(Duration.ofDays(1));
		model.addAttribute("view",
				new DashboardView(this.clients.count(), this.families.countActive(),
						this.audit.countSince(ISSUED, now.minus(Duration.ofHours(1))), this.audit.countSince(ISSUED, dayAgo),
						HourlyChart.of(this.audit.hourlyCounts(ISSUED, dayAgo.truncatedTo(ChronoUnit.HOURS)), now),
						this.audit.recentFailures(10).stream().map(FailureRow::of).toList()));
		return "console/dashboard";
	}

	/** Any other console path: the console's own not-found page, not the server's. */
	@GetMapping("/console/**")
	String unknown() {
		throw new ConsoleAdvice.NotFound("There is no such page in the console.");
	}

	/** What the dashboard shows. */
	record DashboardView(long clients, long activeRefreshTokens, long issuedLastHour, long issuedLastDay,
			HourlyChart chart, List<FailureRow> failures) {
	}

	/** A recent failure, as the dashboard lists it. */
	record FailureRow(String at, String type, String clientId, String error, String originIp) {

		static FailureRow of(AuditEvent event) {
			return new FailureRow(ConsoleTime.format(event.occurredAt()), event.type(), event.clientId(),
					event.error(), event.originIp());
		}

	}

	/**
	 * Tokens per hour for the last 24 hours as bars of an SVG drawn on the server (no script, no CDN): each
	 * bar's geometry is computed here so the template only places rectangles.
	 */
	record HourlyChart(List<Bar> bars, long max, String summary) {

		static final int WIDTH = 720;

		static final int HEIGHT = 160;

		static HourlyChart of(Map<Instant, Long> counts, Instant now) {
			Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
			long highest = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
			long max = Math.max(1, highest);
			int slot = WIDTH / 24;
			List<Bar> bars = new ArrayList<>(24);
			long total = 0;
			for (int i = 0; i < 24; i++) {
				Instant hour = firstHour.plus(Duration.ofHours(i));
				long count = counts.getOrDefault(hour, 0L);
				total += count;
				int height = (int) Math.round((double) count / max * (HEIGHT - 20));
				bars.add(new Bar(i * slot + 2, HEIGHT - height, slot - 4, height, count,
						hour.toString().substring(11, 16) + " UTC: " + count));
			}
			return new HourlyChart(List.copyOf(bars), highest,
					total + ((total == 1) ? " token" : " tokens") + " issued in the last 24 hours");
		}

	}

	/** One hour's bar: where it is drawn and what its tooltip says. */
	record Bar(int x, int y, int width, int height, long count, String label) {
	}

}
