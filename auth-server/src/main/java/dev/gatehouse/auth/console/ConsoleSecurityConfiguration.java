package dev.gatehouse.auth.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.gatehouse.auth.user.JdbcUserStore;
import dev.gatehouse.auth.user.SignedInUser;
import dev.gatehouse.auth.user.User;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The console's chain: every page and action under {@code /console} needs a signed-in user who has the role
 * {@code admin} and is enabled according to the user store at that request (the sign-in page and session are the user feature's: sign in at {@code /login}, come back
 * here; the session id changes at sign-in and expires after {@code server.servlet.session.timeout} idle).
 * CSRF on every form; a strict Content-Security-Policy (scripts and styles only from Gatehouse itself, no
 * inline script), no framing, no referrer, and nothing cached.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ConsoleSecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	@Bean
	@Order(4)
	SecurityFilterChain consoleFilterChain(HttpSecurity http, JdbcUserStore users) {
		http.securityMatcher("/console", "/console/**", "/console-assets/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/console-assets/**")
				.permitAll()
				.anyRequest()
				.access(currentAdmin(users)))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"))
				.accessDeniedHandler(ConsoleSecurityConfiguration::denied))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions((frames) -> frames.deny()));
		return http.build();
	}

	/**
	 * An admin as the user store says now, not as the session remembers: a user disabled or demoted while
	 * signed in loses the console at their next request, not when their session expires.
	 */
	private static AuthorizationManager<RequestAuthorizationContext> currentAdmin(JdbcUserStore users) {
		return (authentication, context) -> {
			Authentication signedIn = authentication.get();
			boolean admin = signedIn != null && signedIn.getPrincipal() instanceof SignedInUser user
					&& users.findById(user.user().id())
						.filter(User::enabled)
						.map((current) -> current.roles().contains("admin"))
						.orElse(false);
			return new AuthorizationDecision(admin);
		};
	}

	/** 403 with a page of its own: no forward (it would be authorized, and refused, again). */
	private static void denied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		response.setStatus(HttpStatus.FORBIDDEN.value());
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(DENIED_PAGE);
	}

	private static final String DENIED_PAGE = """
			<!DOCTYPE html>
			<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
			<title>Not allowed · Gatehouse console</title><link rel="stylesheet" href="/console-assets/console.css"></head>
			<body><main class="narrow"><h1>Administrators only</h1>
			<p>The console needs the role <code>admin</code>, or the form you sent had expired: reload the page and
			try again.</p><p><a href="/account">Your account</a></p></main></body></html>
			""";

}
