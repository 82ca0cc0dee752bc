package dev.gatehouse.auth.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The console's chain: every page and action under {@code /console} needs a signed-in user with the role
 * {@code admin} (the sign-in page and session are the user feature's: sign in at {@code /login}, come back
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
	SecurityFilterChain consoleFilterChain(HttpSecurity http) {
		http.securityMatcher("/console", "/console/**", "/console-assets/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/console-assets/**")
				.permitAll()
				.anyRequest()
				.hasRole("admin"))
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
