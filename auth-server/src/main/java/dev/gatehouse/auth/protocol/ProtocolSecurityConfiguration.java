package dev.gatehouse.auth.protocol;

import dev.gatehouse.auth.client.HashingClientSecretAuthenticationProvider;
import dev.gatehouse.auth.client.MappingRegisteredClientRepository;
import dev.gatehouse.auth.keys.KeyProperties;
import dev.gatehouse.auth.token.JwtIntrospectionAuthenticationProvider;
import dev.gatehouse.auth.token.JwtRevocationAuthenticationProvider;
import dev.gatehouse.auth.token.StatelessAuthorizationService;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.authentication.ClientSecretBasicAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.ClientSecretPostAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * The protocol endpoints' filter chain: token, introspection, revocation, JWKS and metadata. Stateless;
 * clients authenticate with {@code client_secret_basic} or {@code client_secret_post} only; every error is
 * an OAuth error from {@link OAuthErrorResponses}.
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
			AuthorizationServerSettings settings, MappingRegisteredClientRepository clients,
			StatelessAuthorizationService authorizations, HashingClientSecretAuthenticationProvider clientSecrets,
			JwtIntrospectionAuthenticationProvider introspection, JwtRevocationAuthenticationProvider revocation,
			KeyProperties keys) {
		OAuthErrorResponses errors = new OAuthErrorResponses();
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.registeredClientRepository(clients)
				.authorizationService(authorizations)
				.authorizationServerSettings(settings)
				.clientAuthentication((authentication) -> authentication
					.authenticationConverters((converters) -> {
						converters.removeIf((converter) -> !(converter instanceof ClientSecretBasicAuthenticationConverter)
								&& !(converter instanceof ClientSecretPostAuthenticationConverter));
						converters.add(0, new SingleAuthenticationMethodConverter());
					})
					.authenticationProviders((providers) -> {
						providers.clear();
						providers.add(clientSecrets);
					})
					.errorResponseHandler(errors))
				.tokenEndpoint((token) -> token.errorResponseHandler(errors))
				.tokenIntrospectionEndpoint((endpoint) -> endpoint
					.authenticationProviders((providers) -> {
						providers.clear();
						providers.add(introspection);
					})
					.errorResponseHandler(errors))
				.tokenRevocationEndpoint((endpoint) -> endpoint
					.authenticationProviders((providers) -> {
						providers.clear();
						providers.add(revocation);
					})
					.errorResponseHandler(errors));
		});
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(errors))
			.addFilterBefore(new ProtocolErrorFilter(), SecurityContextHolderFilter.class)
			.addFilterAfter(new MetadataEndpointFilter(properties.issuerUrl(), settings),
					SecurityContextHolderFilter.class)
			.addFilterAfter(new JwksCacheControlFilter(settings.getJwkSetEndpoint(), keys.jwksMaxAge()),
					SecurityContextHolderFilter.class);
		return http.build();
	}

}
