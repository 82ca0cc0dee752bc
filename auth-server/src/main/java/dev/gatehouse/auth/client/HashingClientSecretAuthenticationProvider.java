package dev.gatehouse.auth.client;

import java.time.Clock;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
 * Authenticates {@code client_secret_basic} and {@code client_secret_post} by comparing the SHA-256 of the
 * presented secret with the client's stored hashes in constant time: one indexed query, no slow hash.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3.1">RFC 6749 §2.3.1</a>
 */
@Component
public final class HashingClientSecretAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(HashingClientSecretAuthenticationProvider.class);

	private static final OAuth2Error INVALID_CLIENT = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
			"Client authentication failed", null);

	private final JdbcClientRegistry registry;

	private final MappingRegisteredClientRepository registeredClients;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	public HashingClientSecretAuthenticationProvider(JdbcClientRegistry registry,
			MappingRegisteredClientRepository registeredClients, Clock clock, ApplicationEventPublisher events) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.events = Objects.requireNonNull(events, "events");
		this.registeredClients = Objects.requireNonNull(registeredClients, "registeredClients");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		ClientAuthenticationMethod method = request.getClientAuthenticationMethod();
		if (!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
				&& !ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
			return null;
		}
		String clientId = String.valueOf(request.getPrincipal());
		Client client = this.registry.findById(clientId)
			.orElseThrow(() -> refuse(clientId, method, "unknown client"));
		if (!client.enabled()) {
			throw refuse(clientId, method, "client is disabled");
		}
		if (!client.authMethods().contains(method.getValue())) {
			throw refuse(clientId, method, "authentication method " + method.getValue() + " not allowed");
		}
		Object credentials = request.getCredentials();
		if (credentials == null || !client.secretMatches(credentials.toString(), this.clock.instant())) {
			throw refuse(clientId, method, "secret does not match");
		}
		return new OAuth2ClientAuthenticationToken(this.registeredClients.toRegisteredClient(client), method, null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private OAuth2AuthenticationException refuse(String clientId, ClientAuthenticationMethod method, String reason) {
		ClientEvent failed = ClientEvent.authenticationFailed(clientId, method.getValue(), reason);
		if (logger.isDebugEnabled()) {
			logger.debug("Client authentication failed for client_id '" + failed.clientId() + "': " + reason);
		}
		this.events.publishEvent(failed);
		return new OAuth2AuthenticationException(INVALID_CLIENT);
	}

}
