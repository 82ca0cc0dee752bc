package dev.gatehouse.demo.reports;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.gatehouse.demo.boundary.Caller;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports. Access is decided at the boundary (see {@link dev.gatehouse.demo.boundary.AccessRule}); this
 * controller only does the work.
 */
@RestController
class ReportsController {

	private final InMemoryReports reports;

	ReportsController(InMemoryReports reports) {
		this.reports = reports;
	}

	@GetMapping("/api/v1/reports")
	List<Report> list() {
		return this.reports.all();
	}

	@PostMapping("/api/v1/reports")
	ResponseEntity<Report> create(@Valid @RequestBody NewReport request, Caller caller) {
		Report report = this.reports.add(request.title(), caller.subject());
		return ResponseEntity.created(URI.create("/api/v1/reports/" + report.id())).body(report);
	}

	@DeleteMapping("/api/v1/reports/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		return this.reports.remove(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	record NewReport(@NotBlank @Size(max = 200) String title) {
	}

}
