package dev.gatehouse.auth.client;

import java.util.Objects;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Identifies a public client ({@code none} authentication, RFC 6749 §2.1) by its id: it must exist, be
 * enabled and be registered as public. A public client proves nothing else here; what protects its grants is
 * PKCE for its codes and rotation with reuse detection for its refresh tokens, checked by the grant itself.
 */
@Component
public final class PublicClientAuthenticationProvider implements AuthenticationProvider {

	private static final OAuth2Error INVALID_CLIENT = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
			"Client authentication failed", null);

	private final JdbcClientRegistry registry;

	private final MappingRegisteredClientRepository registeredClients;

	private final ApplicationEventPublisher events;

	public PublicClientAuthenticationProvider(JdbcClientRegistry registry,
			MappingRegisteredClientRepository registeredClients, ApplicationEventPublisher events) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.events = Objects.requireNonNull(events, "events");
		this.registeredClients = Objects.requireNonNull(registeredClients, "registeredClients");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())) {
			return null;
		}
		String clientId = String.valueOf(request.getPrincipal());
		Client client = this.registry.findById(clientId).orElseThrow(() -> refuse(clientId, "unknown client"));
		if (!client.enabled()) {
			throw refuse(clientId, "client is disabled");
		}
		if (!client.isPublic()) {
			throw refuse(clientId, "a confidential client sent no credentials");
		}
		return new OAuth2ClientAuthenticationToken(this.registeredClients.toRegisteredClient(client),
				ClientAuthenticationMethod.NONE, null);
	}

	private OAuth2AuthenticationException refuse(String clientId, String reason) {
		this.events.publishEvent(ClientEvent.authenticationFailed(clientId, ClientAuthenticationMethod.NONE.getValue(),
				reason));
		return new OAuth2AuthenticationException(INVALID_CLIENT);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
