package dev.gatehouse.demo.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * The demo's report store: in memory, seeded with two reports. The demo is about the boundary, not storage.
 */
@Component
final class InMemoryReports {

	private final Map<Long, Report> reports = new ConcurrentSkipListMap<>();

	private final AtomicLong ids = new AtomicLong();

	InMemoryReports() {
		add("Quarterly revenue", "seed");
		add("Incident review", "seed");
	}

	List<Report> all() {
		return new ArrayList<>(this.reports.values());
	}

	Report add(String title, String createdBy) {
		Report report = new Report(this.ids.incrementAndGet(), title, createdBy, Instant.now());
		this.reports.put(report.id(), report);
		return report;
	}

	boolean remove(long id) {
		return this.reports.remove(id) != null;
	}

}
