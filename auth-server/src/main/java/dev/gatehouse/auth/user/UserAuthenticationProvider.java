package dev.gatehouse.auth.user;

import java.time.Clock;
import java.util.Objects;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Signs users in against the {@link JdbcUserStore}: Argon2id check, enabled users only, one generic failure
 * for every reason (no user enumeration). The principal is a {@link SignedInUser}; roles become {@code ROLE_x}.
 */
final class UserAuthenticationProvider implements AuthenticationProvider {

	private final JdbcUserStore users;

	private final Clock clock;

	UserAuthenticationProvider(JdbcUserStore users, Clock clock) {
		this.users = Objects.requireNonNull(users, "users");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String username = authentication.getName();
		Object password = authentication.getCredentials();
		User user;
		try {
			user = this.users.authenticate(username, (password != null) ? password.toString() : "")
				.orElseThrow(() -> new BadCredentialsException("Wrong username or password"));
		}
		catch (JdbcUserStore.HashingBusyException busy) {
			throw new AuthenticationServiceException("Too many sign-ins at once");
		}
		this.users.recordLogin(user.id());
		return SignedInUser.authentication(user, this.clock.instant());
	}


	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
