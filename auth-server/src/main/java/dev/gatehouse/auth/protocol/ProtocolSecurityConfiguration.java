package dev.gatehouse.auth.protocol;

import dev.gatehouse.auth.keys.KeyProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The protocol endpoints' filter chain: authorization, token, introspection, revocation, JWKS and metadata.
 * Only the authorization endpoint uses the browser session (the signed-in user); an anonymous request to it
 * is sent to the sign-in page and resumed afterwards. Every other endpoint is stateless, and every error
 * there is an OAuth error from {@link OAuthErrorResponses}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ProtocolSecurityConfiguration {

	@Bean
	AuthorizationServerSettings authorizationServerSettings(ProtocolProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuerUrl()).build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain protocolFilterChain(HttpSecurity http, ProtocolProperties properties,
			AuthorizationServerSettings settings, ProtocolEndpoints endpoints, KeyProperties keys,
			ApplicationEventPublisher events) {
		OAuthErrorResponses errors = new OAuthErrorResponses(events, settings);
		RequestMatcher authorizeRequest = PathPatternRequestMatcher.withDefaults()
			.matcher(HttpMethod.GET, settings.getAuthorizationEndpoint());
		HttpSessionRequestCache resumeAfterSignIn = new HttpSessionRequestCache();
		resumeAfterSignIn.setRequestMatcher(authorizeRequest);
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			endpoints.configure(server, settings, properties.issuerUrl(), errors);
		});
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
			.requestCache((cache) -> cache.requestCache(resumeAfterSignIn))
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), authorizeRequest)
				.defaultAuthenticationEntryPointFor(errors, (request) -> true))
			.addFilterBefore(new ProtocolErrorFilter(), SecurityContextHolderFilter.class)
			.addFilterBefore(new AuthenticatedClientFilter(), AuthorizationFilter.class)
			.addFilterAfter(new MetadataEndpointFilter(properties.issuerUrl(), settings),
					SecurityContextHolderFilter.class)
			.addFilterAfter(new JwksCacheControlFilter(settings.getJwkSetEndpoint(), keys.jwksMaxAge()),
					SecurityContextHolderFilter.class);
		return http.build();
	}

}
