package dev.gatehouse.auth.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A user, without any password material.
 *
 * @param id the stable user id (a UUID): the {@code sub} of the user's tokens
 * @param username the name they sign in with
 * @param roles their roles ({@code admin}, {@code user}, …)
 * @param enabled a disabled user cannot sign in
 * @param createdAt when the user was created
 * @param lastLoginAt when they last signed in, or {@code null}
 */
public record User(String id, String username, Set<String> roles, boolean enabled, Instant createdAt,
		Instant lastLoginAt) {

	public User {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(username, "username");
		roles = Set.copyOf(roles);
		Objects.requireNonNull(createdAt, "createdAt");
	}

	/** Usernames: 1 to 100 characters, letters, digits and {@code . _ @ -}. */
	static String validUsername(String username) {
		if (username == null || !username.matches("[A-Za-z0-9._@-]{1,100}")) {
			throw new IllegalArgumentException("a username is 1 to 100 characters of A-Z a-z 0-9 . _ @ -");
		}
		return username;
	}

	/** Roles: lower-case words such as {@code admin} and {@code user}. */
	static Set<String> validRoles(Set<String> roles) {
		for (String role : roles) {
			if (!role.matches("[a-z][a-z0-9_-]{0,49}")) {
				throw new IllegalArgumentException("a role is a lower-case word such as admin or user: " + role);
			}
		}
		return Set.copyOf(roles);
	}

}
