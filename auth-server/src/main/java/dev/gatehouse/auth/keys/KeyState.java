package dev.gatehouse.auth.keys;

/**
 * Where a signing key is in its life.
 */
public enum KeyState {

	/** Published in the JWKS, not signing yet: resource servers learn it before they see it. */
	NEXT,

	/** The newest activated key of its algorithm: signs new tokens. */
	CURRENT,

	/** Superseded; still published until every token it signed has expired. */
	RETIRED,

	/** Retired long enough that no token it signed can be valid; no longer published, purged. */
	EXPIRED,

	/** Withdrawn at once (compromise): not published, tokens it signed are invalid. */
	REVOKED;

	boolean published() {
		return this == NEXT || this == CURRENT || this == RETIRED;
	}

}
