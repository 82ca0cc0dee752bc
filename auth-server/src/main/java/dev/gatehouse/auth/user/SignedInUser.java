package dev.gatehouse.auth.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The principal of a signed-in session: the user and when they proved their password. Its name is the user
 * id, which becomes the {@code sub} of tokens issued on their behalf; {@code authenticatedAt} becomes
 * {@code auth_time}.
 *
 * @param user the user as loaded at sign-in
 * @param authenticatedAt when the password was checked
 */
public record SignedInUser(User user, Instant authenticatedAt) implements AuthenticatedPrincipal {

	public SignedInUser {
		Objects.requireNonNull(user, "user");
		Objects.requireNonNull(authenticatedAt, "authenticatedAt");
	}

	/**
	 * The authentication of a user who proved their password at {@code authenticatedAt}: roles become
	 * {@code ROLE_x} authorities. Also how a grant rebuilds the user it was given by.
	 */
	public static Authentication authentication(User user, Instant authenticatedAt) {
		List<GrantedAuthority> authorities = user.roles()
			.stream()
			.<GrantedAuthority>map((role) -> new SimpleGrantedAuthority("ROLE_" + role))
			.toList();
		return UsernamePasswordAuthenticationToken.authenticated(
				new SignedInUser(user, authenticatedAt.truncatedTo(ChronoUnit.SECONDS)), null, authorities);
	}

	@Override
	public String getName() {
		return this.user.id();
	}

}
