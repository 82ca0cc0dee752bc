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

	private final Process process;

	private final Path output;

	private final int port;

	private GatehouseProcess(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	/**
	 * Starts the server jar named by the {@code gatehouse.auth-server.jar} system property in
	 * {@code workingDirectory} (where its {@code data/} and {@code keys/} go) and waits until it answers.
	 */
	public static GatehouseProcess start(Path workingDirectory, int port, Map<String, String> environment) {
		Path jar = Path.of(System.getProperty("gatehouse.auth-server.jar", "auth-server.jar")).toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The server jar " + jar + " does not exist: run 'mvnw verify'");
		}
		try {
			Files.createDirectories(workingDirectory);
			Path output = workingDirectory.resolve("gatehouse-" + STARTS.incrementAndGet() + ".out");
			List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
					"-jar", jar.toString(), "--server.port=" + port, "--gatehouse.issuer=http://localhost:" + port));
			ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			Map<String, String> env = new HashMap<>(environment);
			builder.environment().keySet().removeIf((name) -> name.startsWith("GATEHOUSE_") || name.startsWith("SPRING_"));
			builder.environment().putAll(env);
			GatehouseProcess started = new GatehouseProcess(builder.start(), output, port);
			started.awaitReady();
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String issuer() {
		return "http://localhost:" + this.port;
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
						&& output().contains("Started GatehouseAuthServerApplication")) {
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

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
