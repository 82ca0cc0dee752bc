package dev.gatehouse.auth.keys;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * The operator's key commands, run as {@code java -jar auth-server.jar keys <command>} against the
 * configured database: {@code list}, {@code rotate <ES256|RS256|EdDSA>} (a new key, published now, signing
 * after the prepublication window) and {@code revoke <kid>} (withdrawn at once; running instances stop
 * accepting its tokens within {@code gatehouse.keys.refresh-interval}).
 */
public final class KeysCommand {

	private final KeyRing keys;

	private final PrintStream out;

	public KeysCommand(KeyRing keys, PrintStream out) {
		this.keys = Objects.requireNonNull(keys, "keys");
		this.out = Objects.requireNonNull(out, "out");
	}

	/** Runs one command; returns the process exit status. */
	public int run(List<String> arguments) {
		String command = arguments.isEmpty() ? "list" : arguments.get(0);
		switch (command) {
			case "list" -> list();
			case "rotate" -> {
				if (arguments.size() != 2) {
					return usage();
				}
				KeyView created = this.keys.rotateNow(SigningAlgorithm.of(arguments.get(1)));
				this.out.println("Created " + created.keyId() + ": published now, signing from " + created.activatesAt());
			}
			case "revoke" -> {
				if (arguments.size() != 2) {
					return usage();
				}
				if (!this.keys.revoke(arguments.get(1))) {
					this.out.println("No unrevoked key " + arguments.get(1));
					return 1;
				}
				this.out.println("Revoked " + arguments.get(1) + "; tokens it signed are no longer valid");
			}
			default -> {
				return usage();
			}
		}
		return 0;
	}

	private void list() {
		this.out.printf("%-46s %-6s %-8s %-24s %-24s%n", "kid", "alg", "state", "activates", "retires/revoked");
		for (KeyView key : this.keys.keys()) {
			Object end = (key.revokedAt() != null) ? key.revokedAt() : (key.retiresAt() != null) ? key.retiresAt() : "";
			this.out.printf("%-46s %-6s %-8s %-24s %-24s%n", key.keyId(), key.algorithm(), key.state(),
					key.activatesAt(), end);
		}
	}

	private int usage() {
		this.out.println("usage: keys [list | rotate <ES256|RS256|EdDSA> | revoke <kid>]");
		return 2;
	}

}
