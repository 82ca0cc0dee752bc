package dev.gatehouse.auth.console;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.openqa.selenium.remote.service.DriverFinder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listens to Selenium's own log while the driver starts: given the driver's path, Selenium must say it skips
 * Selenium Manager, and Selenium Manager must say nothing (it would have looked for, or fetched, a driver).
 */
final class SeleniumManagerWatch extends Handler {

	private final Logger finder = Logger.getLogger(DriverFinder.class.getName());

	private final Logger manager = Logger.getLogger("org.openqa.selenium.manager.SeleniumManager");

	private final List<String> finderSaid = new ArrayList<>();

	private final List<String> managerSaid = new ArrayList<>();

	static SeleniumManagerWatch begin() {
		SeleniumManagerWatch watch = new SeleniumManagerWatch();
		for (Logger logger : List.of(watch.finder, watch.manager)) {
			logger.setLevel(Level.ALL);
			logger.addHandler(watch);
		}
		return watch;
	}

	void assertNotRun() {
		for (Logger logger : List.of(this.finder, this.manager)) {
			logger.removeHandler(this);
			logger.setLevel(null);
		}
		this.finderSaid.forEach((message) -> System.out.println("Selenium: " + message));
		assertThat(this.finderSaid).as("Selenium used the given chromedriver")
			.anySatisfy((message) -> assertThat(message).startsWith("Skipping Selenium Manager")
				.contains(ConsoleBrowser.CHROMEDRIVER.toString()));
		assertThat(this.managerSaid).as("Selenium Manager ran").isEmpty();
	}

	@Override
	public void publish(LogRecord record) {
		String message = (record.getParameters() == null) ? record.getMessage()
				: MessageFormat.format(record.getMessage(), record.getParameters());
		(record.getLoggerName().equals(this.finder.getName()) ? this.finderSaid : this.managerSaid).add(message);
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
	}

}
