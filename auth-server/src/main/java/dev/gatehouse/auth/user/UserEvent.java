package dev.gatehouse.auth.user;

import java.util.Objects;

/**
 * A change to a user account, published for the audit trail: {@code user.created},
 * {@code user.password_reset}, {@code user.roles_changed}, {@code user.disabled}, {@code user.enabled}. Who
 * made it is the actor the audit trail records. Never carries a password.
 *
 * @param type the fixed vocabulary above
 * @param userId the user's id
 * @param detail what changed (username, roles)
 */
public record UserEvent(String type, String userId, String detail) {

	public UserEvent {
		Objects.requireNonNull(type, "type");
	}

}
