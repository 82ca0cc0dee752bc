package dev.gatehouse.demo.boundary;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * The API's one filter chain: authentication at the boundary, the {@link AccessRule} table enforced here,
 * RFC 6750 errors, and an audit line for every request. Stateless; bearer tokens only.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	@Bean
	SecurityFilterChain apiFilterChain(HttpSecurity http, DemoApiProperties properties,
			Converter<Jwt, AbstractAuthenticationToken> jwtAuthentication) {
		BearerErrorResponses errors = new BearerErrorResponses();
		http.authorizeHttpRequests((requests) -> {
			requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
			AccessRule.API.forEach((rule) -> authorize(requests.requestMatchers(rule.matcher()), rule));
			// deny by default: a route answers only once it has a rule in the table
			requests.anyRequest().denyAll();
		}).oauth2ResourceServer((resourceServer) -> {
			if (properties.tokenValidation() == DemoApiProperties.TokenValidation.JWT) {
				resourceServer.jwt((jwt) -> jwt.jwtAuthenticationConverter(jwtAuthentication));
			}
			else {
				resourceServer.opaqueToken(Customizer.withDefaults());
			}
			resourceServer.authenticationEntryPoint(errors).accessDeniedHandler(errors);
			// an authorization server that cannot be reached is a 503, not a server error
			resourceServer.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
				@Override
				public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
					AuthenticationEntryPointFailureHandler failures = new AuthenticationEntryPointFailureHandler(errors);
					failures.setRethrowAuthenticationServiceException(false);
					filter.setAuthenticationFailureHandler(failures);
					return filter;
				}
			});
		})
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// bearer tokens in a header, never cookies: there is no ambient credential to forge a request with
			.csrf((csrf) -> csrf.disable())
			.addFilterAfter(new RequestAuditFilter(), SecurityContextHolderFilter.class);
		return http.build();
	}

	private static void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl route,
			AccessRule rule) {
		if (rule.scope() != null) {
			route.hasAuthority(Caller.SCOPE_PREFIX + rule.scope());
		}
		else if (rule.role() != null) {
			route.hasAuthority(Caller.ROLE_PREFIX + rule.role());
		}
		else {
			route.authenticated();
		}
	}

}
