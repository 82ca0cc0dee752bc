package dev.gatehouse.auth.user;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The operator's user commands, run as {@code java -jar auth-server.jar user <command>} against the
 * configured database: {@code list}, {@code add <username> [role ...]} (default role {@code user}),
 * {@code reset-password <username>}, {@code roles <username> <role ...>}, {@code disable <username>},
 * {@code enable <username>}. New passwords are generated and printed once; set
 * {@code GATEHOUSE_USER_PASSWORD} to choose one instead (then nothing secret is printed).
 */
public final class UsersCommand {

	private final JdbcUserStore users;

	private final PrintStream out;

	private final String chosenPassword;

	public UsersCommand(JdbcUserStore users, PrintStream out, String chosenPassword) {
		this.users = Objects.requireNonNull(users, "users");
		this.out = Objects.requireNonNull(out, "out");
		this.chosenPassword = chosenPassword;
	}

	/** Runs one command; returns the process exit status. */
	public int run(List<String> arguments) {
		String command = arguments.isEmpty() ? "list" : arguments.get(0);
		List<String> rest = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
		return switch (command) {
			case "list" -> list();
			case "add" -> rest.isEmpty() ? usage() : add(rest.get(0), rest.subList(1, rest.size()));
			case "reset-password" -> (rest.size() != 1) ? usage() : resetPassword(rest.get(0));
			case "roles" -> (rest.size() < 2) ? usage()
					: status(this.users.setRoles(rest.get(0), Set.copyOf(rest.subList(1, rest.size()))), rest.get(0),
							"roles set");
			case "disable" -> (rest.size() != 1) ? usage()
					: status(this.users.setEnabled(rest.get(0), false), rest.get(0), "disabled");
			case "enable" -> (rest.size() != 1) ? usage()
					: status(this.users.setEnabled(rest.get(0), true), rest.get(0), "enabled");
			default -> usage();
		};
	}

	private int list() {
		this.out.printf("%-30s %-20s %-8s %-24s%n", "username", "roles", "enabled", "last login");
		for (User user : this.users.all()) {
			this.out.printf("%-30s %-20s %-8s %-24s%n", user.username(), String.join(",", user.roles()),
					user.enabled(), (user.lastLoginAt() != null) ? user.lastLoginAt() : "never");
		}
		return 0;
	}

	private int add(String username, List<String> roles) {
		Password password = password();
		this.users.create(username, roles.isEmpty() ? Set.of("user") : new LinkedHashSet<>(roles), password);
		this.out.println("Created user " + username);
		show(password);
		return 0;
	}

	private int resetPassword(String username) {
		Password password = password();
		if (status(this.users.setPassword(username, password), username, "password reset") != 0) {
			return 1;
		}
		show(password);
		return 0;
	}

	private Password password() {
		return (this.chosenPassword != null && !this.chosenPassword.isEmpty()) ? Password.of(this.chosenPassword)
				: Password.generate();
	}

	private void show(Password password) {
		if (this.chosenPassword == null || this.chosenPassword.isEmpty()) {
			this.out.println("Password (shown only this once): " + password.reveal());
		}
	}

	private int status(boolean changed, String username, String what) {
		this.out.println(changed ? username + ": " + what : "No user " + username);
		return changed ? 0 : 1;
	}

	private int usage() {
		this.out.println("usage: user [list | add <username> [role ...] | reset-password <username> | "
				+ "roles <username> <role ...> | disable <username> | enable <username>]");
		return 2;
	}

}
