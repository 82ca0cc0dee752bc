package dev.gatehouse.auth.protocol;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.gatehouse.auth.client.HashingClientSecretAuthenticationProvider;
import dev.gatehouse.auth.client.MappingRegisteredClientRepository;
import dev.gatehouse.auth.client.PublicClientAuthenticationProvider;
import dev.gatehouse.auth.token.AuthorizationCodeGenerator;
import dev.gatehouse.auth.token.AuthorizationCodeGrantAuthenticationProvider;
import dev.gatehouse.auth.token.HashingAuthorizationService;
import dev.gatehouse.auth.token.JwtIntrospectionAuthenticationProvider;
import dev.gatehouse.auth.token.JwtRevocationAuthenticationProvider;
import dev.gatehouse.auth.token.RefreshTokenGrantAuthenticationProvider;
import dev.gatehouse.auth.token.RefreshTokenIntrospectionAuthenticationProvider;
import dev.gatehouse.auth.token.RefreshTokenRevocationAuthenticationProvider;
import dev.gatehouse.auth.user.JdbcConsentStore;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.authentication.ClientSecretBasicAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.ClientSecretPostAuthenticationConverter;
import org.springframework.stereotype.Component;

/**
 * Which of Spring's endpoint pieces Gatehouse keeps and which it replaces, in one place: Spring parses
 * requests and writes responses; client authentication, the code and refresh grants, introspection and
 * revocation are Gatehouse's providers over hashed storage; the authorization endpoint keeps Spring's
 * request handling with Gatehouse's validator, code generator, consent page and response (with {@code iss}).
 */
@Component
final class ProtocolEndpoints {

	static final String CONSENT_PAGE = "/oauth2/consent";

	private final MappingRegisteredClientRepository clients;

	private final HashingAuthorizationService authorizations;

	private final JdbcConsentStore consents;

	private final List<AuthenticationProvider> clientAuthentication;

	private final List<AuthenticationProvider> grants;

	private final List<AuthenticationProvider> introspection;

	private final List<AuthenticationProvider> revocation;

	private final AuthorizationCodeGenerator codes;

	private final ApplicationEventPublisher events;

	ProtocolEndpoints(MappingRegisteredClientRepository clients, HashingAuthorizationService authorizations,
			JdbcConsentStore consents, HashingClientSecretAuthenticationProvider clientSecrets,
			PublicClientAuthenticationProvider publicClients, AuthorizationCodeGrantAuthenticationProvider codeGrant,
			RefreshTokenGrantAuthenticationProvider refreshGrant,
			RefreshTokenIntrospectionAuthenticationProvider refreshIntrospection,
			JwtIntrospectionAuthenticationProvider jwtIntrospection,
			RefreshTokenRevocationAuthenticationProvider refreshRevocation,
			JwtRevocationAuthenticationProvider jwtRevocation, Clock clock, ApplicationEventPublisher events) {
		this.events = Objects.requireNonNull(events, "events");
		this.clients = Objects.requireNonNull(clients, "clients");
		this.authorizations = Objects.requireNonNull(authorizations, "authorizations");
		this.consents = Objects.requireNonNull(consents, "consents");
		this.clientAuthentication = List.of(clientSecrets, publicClients);
		this.grants = List.of(codeGrant, refreshGrant);
		// refresh token providers first: they answer for gh_rt_ tokens only and pass everything else on
		this.introspection = List.of(refreshIntrospection, jwtIntrospection);
		this.revocation = List.of(refreshRevocation, jwtRevocation);
		this.codes = new AuthorizationCodeGenerator(clock);
	}

	void configure(OAuth2AuthorizationServerConfigurer server, AuthorizationServerSettings settings, String issuer,
			OAuthErrorResponses errors) {
		AuthorizationResponseHandler authorizationResponses = new AuthorizationResponseHandler(issuer, this.events);
		server.registeredClientRepository(this.clients)
			.authorizationService(this.authorizations)
			.authorizationConsentService(this.consents)
			.authorizationServerSettings(settings)
			.clientAuthentication((authentication) -> authentication
				.authenticationConverters((converters) -> {
					converters.removeIf((converter) -> !(converter instanceof ClientSecretBasicAuthenticationConverter)
							&& !(converter instanceof ClientSecretPostAuthenticationConverter));
					converters.add(0, new SingleAuthenticationMethodConverter());
					converters.add(new PublicClientAuthenticationConverter(settings.getTokenEndpoint(),
							settings.getTokenRevocationEndpoint()));
				})
				.authenticationProviders(replaceWith(this.clientAuthentication))
				.errorResponseHandler(errors))
			.authorizationEndpoint((endpoint) -> endpoint.consentPage(CONSENT_PAGE)
				.authorizationRequestConverter(new UnsupportedRequestObjectConverter())
				.authorizationRequestConverter(new CodeFlowClientConverter(this.clients))
				.authenticationProviders((providers) -> providers.forEach(this::customizeAuthorizationProvider))
				.authorizationResponseHandler(authorizationResponses)
				.errorResponseHandler(authorizationResponses))
			.tokenEndpoint((token) -> token
				.authenticationProviders((providers) -> {
					providers.removeIf((provider) -> provider instanceof OAuth2AuthorizationCodeAuthenticationProvider
							|| provider instanceof OAuth2RefreshTokenAuthenticationProvider);
					providers.addAll(0, this.grants);
				})
				.accessTokenResponseHandler(new AuditedTokenResponseHandler(this.events))
				.errorResponseHandler(errors))
			.tokenIntrospectionEndpoint((endpoint) -> endpoint
				.authenticationProviders(replaceWith(this.introspection))
				.errorResponseHandler(errors))
			.tokenRevocationEndpoint((endpoint) -> endpoint
				.authenticationProviders(replaceWith(this.revocation))
				.errorResponseHandler(errors));
	}

	private void customizeAuthorizationProvider(AuthenticationProvider provider) {
		if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
			request.setAuthenticationValidator(new AuthorizationRequestValidator());
			request.setAuthorizationCodeGenerator(this.codes);
		}
		else if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
			consent.setAuthorizationCodeGenerator(this.codes);
			consent.setAuthorizationConsentCustomizer(new ExplicitDenialConsentCustomizer());
		}
	}

	private static Consumer<List<AuthenticationProvider>> replaceWith(
			List<AuthenticationProvider> ours) {
		return (providers) -> {
			providers.clear();
			providers.addAll(ours);
		};
	}

}
