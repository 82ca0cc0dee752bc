package dev.gatehouse.auth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packaged authorization server (its real jar) started as a separate process on a free loopback port,
 * in a working directory of the test's choosing, so tests can restart it, read exactly what it printed,
 * and point other programs at it. Uses only the JDK, so other modules can use it without the server's
 * dependencies.
 */
public final class GatehouseProcess implements AutoCloseable {

	private static final AtomicInteger STARTS = new AtomicInteger();

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	/** Logged once the start-up runners (first-start clients, the admin) are done, not just the port open. */
	private static final String READY = "Gatehouse is ready";

	private final Process process;

	private final Path output;

	private final int port;

	private final int managementPort;

	private final Path workingDirectory;

	private final Map<String, String> environment;

	private GatehouseProcess(Process process, Path output, int port, int managementPort, Path workingDirectory,
			Map<String, String> environment) {
		this.managementPort = managementPort;
		this.process = process;
		this.output = output;
		this.port = port;
		this.workingDirectory = workingDirectory;
		this.environment = Map.copyOf(environment);
	}

	/**
	 * Starts the server jar named by the {@code gatehouse.auth-server.jar} system property in
	 * {@code workingDirectory} (where its {@code data/} and {@code keys/} go) and waits until it answers.
	 */
	public static GatehouseProcess start(Path workingDirectory, int port, Map<String, String> environment) {
		Path jar = jar();
		int managementPort = FreePort.find();
		try {
			Files.createDirectories(workingDirectory);
			Path output = workingDirectory.resolve("gatehouse-" + STARTS.incrementAndGet() + ".out");
			List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
					"-jar", jar.toString(), "--server.port=" + port, "--gatehouse.issuer=http://localhost:" + port,
					"--management.server.port=" + managementPort));
			ProcessBuilder builder = builder(command, workingDirectory, environment).redirectOutput(output.toFile());
			GatehouseProcess started = new GatehouseProcess(builder.start(), output, port, managementPort,
					workingDirectory, environment);
			started.awaitReady();
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs {@code java -jar auth-server.jar keys <arguments>} against this server's database and key
	 * directory, as an operator would while it runs; returns what it printed, or fails if it failed.
	 */
	public String keys(String... arguments) {
		return command(Map.of(), "keys", arguments);
	}

	/**
	 * Runs {@code java -jar auth-server.jar user <arguments>} against this server's database, with the
	 * password chosen through {@code GATEHOUSE_USER_PASSWORD} (so nothing secret is printed).
	 */
	public String user(String password, String... arguments) {
		return command(Map.of("GATEHOUSE_USER_PASSWORD", password), "user", arguments);
	}

	private String command(Map<String, String> extraEnvironment, String name, String... arguments) {
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-jar", jar().toString(), name));
		command.addAll(List.of(arguments));
		Map<String, String> environment = new HashMap<>(this.environment);
		environment.putAll(extraEnvironment);
		try {
			Process process = builder(command, this.workingDirectory, environment).start();
			String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(name + " " + String.join(" ", arguments) + " failed:\n" + printed);
			}
			return printed;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String issuer() {
		return "http://localhost:" + this.port;
	}

	/** The management port (health, info, prometheus), on 127.0.0.1. */
	public int managementPort() {
		return this.managementPort;
	}

	public int port() {
		return this.port;
	}

	/** Everything the process printed so far (standard output and error). */
	public String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops the process the way an operator would (SIGTERM), and waits for it. */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Kills the process without warning (SIGKILL: no shutdown hook, no flush), as a crash or an OOM killer would. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts the same jar again in the same working directory, port and environment (a restart after a stop or crash). */
	public GatehouseProcess restart() {
		return start(this.workingDirectory, this.port, this.environment);
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitReady() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest probe = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/oauth-authorization-server"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Gatehouse exited during startup:\n" + output());
			}
			try {
				if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
						&& output().contains(READY)) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			sleep();
		}
		stop();
		throw new IllegalStateException("Gatehouse did not start within " + STARTUP_TIMEOUT + ":\n" + output());
	}

	private static void sleep() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Path jar() {
		Path jar = Path.of(System.getProperty("gatehouse.auth-server.jar", "auth-server.jar")).toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The server jar " + jar + " does not exist: run 'mvnw verify'");
		}
		return jar;
	}

	private static ProcessBuilder builder(List<String> command, Path workingDirectory, Map<String, String> environment) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
		builder.environment().keySet().removeIf((name) -> name.startsWith("GATEHOUSE_") || name.startsWith("SPRING_"));
		builder.environment().putAll(environment);
		return builder;
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
