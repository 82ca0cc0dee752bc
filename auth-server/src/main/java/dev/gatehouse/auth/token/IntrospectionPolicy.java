package dev.gatehouse.auth.token;

import dev.gatehouse.auth.client.GatehouseClientSettings;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

/**
 * Who may see what at the introspection endpoint. Deny by default: a client may introspect its own
 * tokens; only a client holding the introspection permission may introspect other clients' tokens.
 * Tokens a caller may not see introspect as inactive, so the endpoint discloses nothing about them.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-4">RFC 7662 §4</a>
 */
@Component
public final class IntrospectionPolicy {

	public boolean mayIntrospect(RegisteredClient caller, String tokenClientId) {
		return caller.getClientId().equals(tokenClientId) || GatehouseClientSettings.mayIntrospect(caller);
	}

}
