package dev.gatehouse.auth.user;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * The sign-in filter chain (also the account page and the consent page): a CSRF-protected form, sessions with fixation protection, throttled failures,
 * a strict Content-Security-Policy, and sign-out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class LoginSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain loginFilterChain(HttpSecurity http, JdbcUserStore users, LoginThrottle throttle, Clock clock,
			ApplicationEventPublisher events) {
		SimpleUrlAuthenticationFailureHandler failure = new SimpleUrlAuthenticationFailureHandler("/login?error");
		// back to the authorization request that sent the user here, if any; else their account page
		SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();
		success.setDefaultTargetUrl("/account");
		SimpleUrlAuthenticationFailureHandler busy = new SimpleUrlAuthenticationFailureHandler("/login?busy");
		http.securityMatcher("/login", LoginController.THROTTLED_PATH, "/logout", "/account", "/account/**",
				ConsentController.CONSENT_PATH, "/css/**")
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/login", LoginController.THROTTLED_PATH, "/css/**").permitAll()
				.anyRequest().authenticated())
			.authenticationManager(new ProviderManager(new UserAuthenticationProvider(users, clock)))
			.formLogin((form) -> form.loginPage("/login")
				.successHandler((request, response, authentication) -> {
					SignedInUser user = (SignedInUser) authentication.getPrincipal();
					throttle.succeeded(user.user().username(), request.getRemoteAddr());
					events.publishEvent(new SignInEvent("login.succeeded", true, user.getName()));
					success.onAuthenticationSuccess(request, response, authentication);
				})
				// the attempt was counted before the password was checked (LoginThrottleFilter)
				.failureHandler((request, response, exception) -> {
					events.publishEvent(new SignInEvent("login.failed", false, request.getParameter("username")));
					(exception instanceof AuthenticationServiceException ? busy : failure)
						.onAuthenticationFailure(request, response, exception);
				}))
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signed-out"))
			// a form without a valid CSRF token (an expired session, a forged post) goes back to a fresh form
			.exceptionHandling((exceptions) -> exceptions
				.accessDeniedHandler((request, response, denied) -> response.sendRedirect("/login?expired")))
			// no form-action: browsers apply it to the redirects after a post too, and signing in or consenting
			// ends in a redirect to the client's own redirect URI
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp
				.policyDirectives("default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'")))
			.addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class);
		return http.build();
	}

}
