package dev.gatehouse.auth.client;

import java.util.Collection;
import java.util.List;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Gatehouse's own client settings, carried in {@link RegisteredClient#getClientSettings()} so the
 * token and protocol features can read them from the authenticated client without another query.
 */
public final class GatehouseClientSettings {

	static final String AUDIENCES = "gatehouse.audiences";

	static final String MAY_INTROSPECT = "gatehouse.may-introspect";

	static final String SIGNING_ALGORITHM = "gatehouse.signing-algorithm";

	static final String REFRESH_TOKENS = "gatehouse.refresh-tokens";

	private GatehouseClientSettings() {
	}

	/**
	 * The {@code aud} values for the client's access tokens: its configured audiences. Empty means the client
	 * may not obtain tokens (there is no resource server they would be meant for).
	 */
	public static List<String> audiences(RegisteredClient client) {
		Collection<String> audiences = client.getClientSettings().getSetting(AUDIENCES);
		return (audiences == null) ? List.of() : List.copyOf(audiences);
	}

	/** The client's own choice of JWS algorithm for its access tokens, or {@code null} for the default. */
	public static String signingAlgorithm(RegisteredClient client) {
		return client.getClientSettings().getSetting(SIGNING_ALGORITHM);
	}

	/** The client's refresh token lifetimes, its own or the deployment's defaults. */
	public static Client.RefreshTokenLifetimes refreshTokens(RegisteredClient client) {
		return client.getClientSettings().getSetting(REFRESH_TOKENS);
	}

	/** Whether the client holds the permission to introspect tokens issued to other clients. */
	public static boolean mayIntrospect(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(MAY_INTROSPECT));
	}

}
