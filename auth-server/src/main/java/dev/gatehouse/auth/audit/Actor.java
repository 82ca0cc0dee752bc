package dev.gatehouse.auth.audit;

import java.util.List;

import dev.gatehouse.auth.user.SignedInUser;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * Who acted, as the audit trail names them: whoever is authenticated in the thread that caused the event. A
 * signed-in user or admin is {@code user:<username>}, a client at a protocol endpoint {@code client:<id>}, the
 * operator running a command {@code cli:<os user>} (see {@link #operator()}); nobody authenticated is
 * {@code anonymous} in a request and {@code gatehouse} itself outside one (scheduled jobs, start-up).
 */
public final class Actor {

	private Actor() {
	}

	static String current(boolean inRequest) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return inRequest ? "anonymous" : "gatehouse";
		}
		if (authentication.getPrincipal() instanceof SignedInUser user) {
			return "user:" + user.user().username();
		}
		if (authentication instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null) {
			return "client:" + client.getRegisteredClient().getClientId();
		}
		return authentication.getName();
	}

	/**
	 * Marks the current thread as the operator at the command line ({@code java -jar auth-server.jar user ...}):
	 * their changes are recorded as {@code cli:<os user>}.
	 */
	public static void operator() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken
				.authenticated("cli:" + System.getProperty("user.name", "unknown"), null, List.of()));
	}

}
