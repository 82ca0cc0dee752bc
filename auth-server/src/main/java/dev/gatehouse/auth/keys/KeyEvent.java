package dev.gatehouse.auth.keys;

import java.util.Objects;

/**
 * A change to the signing keys, published for the audit trail: {@code key.created} (scheduled or on-demand
 * rotation), {@code key.revoked}, {@code key.purged}. Never carries key material.
 *
 * @param type the fixed vocabulary above
 * @param keyId the key's {@code kid}
 * @param detail algorithm and schedule
 */
public record KeyEvent(String type, String keyId, String detail) {

	public KeyEvent {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(keyId, "keyId");
	}

}
