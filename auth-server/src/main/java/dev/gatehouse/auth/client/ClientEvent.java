package dev.gatehouse.auth.client;

import java.util.Objects;

/**
 * A fact about a client, published for the audit trail and the metrics: {@code client.created},
 * {@code client.updated}, {@code client.enabled}, {@code client.disabled}, {@code client.secret_rotated},
 * {@code client.deleted}, or {@code client_authentication.failed} (with the internal
 * reason in {@code detail}; the caller only ever learns {@code invalid_client}). Never carries a secret.
 *
 * @param type the fixed vocabulary above
 * @param success whether the outcome is the one the actor wanted
 * @param clientId the client, as sent by the caller for a failed authentication (made printable and clipped)
 * @param method the client authentication method, for authentication events
 * @param detail internal detail
 */
public record ClientEvent(String type, boolean success, String clientId, String method, String detail) {

	public ClientEvent {
		Objects.requireNonNull(type, "type");
		clientId = printable(clientId);
	}

	static ClientEvent authenticationFailed(String clientId, String method, String reason) {
		return new ClientEvent("client_authentication.failed", false, clientId, method, reason);
	}

	/** A client id as sent by a caller, made safe for one log line and one column. */
	static String printable(String clientId) {
		if (clientId == null) {
			return null;
		}
		String visible = clientId.replaceAll("[^\\x20-\\x7e]", "?");
		return (visible.length() > 100) ? visible.substring(0, 100) : visible;
	}

}
