package dev.gatehouse.demo.reports;

import java.time.Instant;
import java.util.Objects;

/**
 * A report.
 *
 * @param id its id
 * @param title its title
 * @param createdBy the subject that created it
 * @param createdAt when
 */
record Report(long id, String title, String createdBy, Instant createdAt) {

	Report {
		Objects.requireNonNull(title, "title");
		Objects.requireNonNull(createdBy, "createdBy");
		Objects.requireNonNull(createdAt, "createdAt");
	}

}
