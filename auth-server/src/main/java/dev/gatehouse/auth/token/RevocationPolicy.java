package dev.gatehouse.auth.token;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

/**
 * Who may revoke a token. Deny by default: only the client the token was issued to.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 §2.1</a>
 */
@Component
public final class RevocationPolicy {

	public boolean mayRevoke(RegisteredClient caller, String tokenClientId) {
		// RFC 7009 §2.1: the server "verifies whether the token was issued to the client making the
		// revocation request. If this validation fails, the request is refused"
		return caller.getClientId().equals(tokenClientId);
	}

}
