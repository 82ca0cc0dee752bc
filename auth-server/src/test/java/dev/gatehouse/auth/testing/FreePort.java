package dev.gatehouse.auth.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port, for servers whose issuer URL must be known before they start. Chosen below the kernel's
 * ephemeral range (32768 and up on Linux): a port the kernel handed out for "any free port" is also what it
 * hands to outgoing connections (HTTP clients, the many JDBC connections of the PostgreSQL runs), so one
 * could be taken between the check and the server's bind.
 */
public final class FreePort {

	private static final int LOWEST = 20000;

	private static final int HIGHEST = 32000;

	private FreePort() {
	}

	public static int find() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
			// on every interface, as the server binds
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(port), 1);
				return port;
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IllegalStateException("No free port between " + LOWEST + " and " + HIGHEST);
	}

}
