package dev.gatehouse.auth.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes a point in time: UTC, to the second, readable ({@code 2026-11-28 18:58:10}). */
final class ConsoleTime {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private ConsoleTime() {
	}

	static String format(Instant instant) {
		return (instant != null) ? FORMAT.format(instant) : "";
	}

}
