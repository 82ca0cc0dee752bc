package dev.gatehouse.auth.user;

import java.util.Objects;

/**
 * A sign-in attempt, published for the audit trail ({@code login.succeeded}, {@code login.failed},
 * {@code login.throttled}). Never carries a password.
 *
 * @param type the event type
 * @param success whether the user signed in
 * @param subject the user id when known, else the username as typed (clipped)
 */
public record SignInEvent(String type, boolean success, String subject) {

	public SignInEvent {
		Objects.requireNonNull(type, "type");
		if (subject != null && subject.length() > 100) {
			subject = subject.substring(0, 100);
		}
	}

}
