package dev.gatehouse.auth.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures everything a test class prints (logs included) and fails the class if any secret, password or
 * token value the tests handled appears in it. Tests {@link #remember(String)} every such value.
 */
public final class NoSecretsInOutput implements BeforeAllCallback, AfterAllCallback {

	private static final Set<String> HANDLED = ConcurrentHashMap.newKeySet();

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(NoSecretsInOutput.class);

	/** Records a value that must never be printed, and returns it. */
	public static String remember(String secret) {
		if (secret != null && secret.length() >= 8) {
			HANDLED.add(secret);
		}
		return secret;
	}

	/** Every value remembered so far in this JVM. */
	public static Set<String> handled() {
		return Set.copyOf(HANDLED);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		Capture capture = new Capture(System.out, System.err, captured);
		System.setOut(new PrintStream(new Tee(capture.out(), captured), true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(new Tee(capture.err(), captured), true, StandardCharsets.UTF_8));
		context.getStore(NAMESPACE).put(Capture.class, capture);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Capture capture = context.getStore(NAMESPACE).remove(Capture.class, Capture.class);
		System.setOut(capture.out());
		System.setErr(capture.err());
		String output;
		synchronized (capture.captured()) {
			output = capture.captured().toString(StandardCharsets.UTF_8);
		}
		assertThat(output).as("captured output of %s", context.getDisplayName()).isNotEmpty();
		for (String secret : HANDLED) {
			assertThat(output.contains(secret))
				.as("a secret or token value handled by the tests appears in the output of %s",
						context.getDisplayName())
				.isFalse();
		}
	}

	private record Capture(PrintStream out, PrintStream err, ByteArrayOutputStream captured) {
	}

	private static final class Tee extends OutputStream {

		private final OutputStream original;

		private final ByteArrayOutputStream copy;

		Tee(OutputStream original, ByteArrayOutputStream copy) {
			this.original = original;
			this.copy = copy;
		}

		@Override
		public void write(int b) {
			synchronized (this.copy) {
				this.copy.write(b);
			}
			try {
				this.original.write(b);
			}
			catch (java.io.IOException ignored) {
				// the console going away must not fail a test
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			synchronized (this.copy) {
				this.copy.write(bytes, offset, length);
			}
			try {
				this.original.write(bytes, offset, length);
			}
			catch (java.io.IOException ignored) {
				// the console going away must not fail a test
			}
		}

		@Override
		public void flush() throws java.io.IOException {
			this.original.flush();
		}

	}

}
