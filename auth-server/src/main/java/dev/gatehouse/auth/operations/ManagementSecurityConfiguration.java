package dev.gatehouse.auth.operations;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The management endpoints' chain: {@code health}, {@code info} and {@code prometheus}, read-only, on the
 * management port ({@code management.server.port}, bound to 127.0.0.1 by default), which is where their
 * protection lies: put them behind a network boundary, never on the public listener. No session, no other
 * endpoint is exposed (see {@code management.endpoints.web.exposure.include}); health shows component
 * status only, never details.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ManagementSecurityConfiguration {

	@Bean
	@Order(3)
	SecurityFilterChain managementFilterChain(HttpSecurity http) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.disable())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
