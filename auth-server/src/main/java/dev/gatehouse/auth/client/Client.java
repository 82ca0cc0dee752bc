package dev.gatehouse.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registered client as Gatehouse stores it.
 *
 * @param id the {@code client_id}
 * @param name a human-readable name
 * @param grantTypes allowed grant types ({@code client_credentials}, …)
 * @param authMethods allowed client authentication methods ({@code client_secret_basic}, …)
 * @param scopes scopes the client may request
 * @param audiences the {@code aud} of its access tokens; a client without one gets no tokens
 * @param accessTokenLifetime per-client override of the access token lifetime (at most a day), or {@code null}
 * @param signingAlgorithm the JWS algorithm of its access tokens ({@code ES256}, {@code RS256},
 * {@code EdDSA}), or {@code null} for the deployment's default; a value stored by hand that is none of these
 * makes its token requests fail with {@code unauthorized_client}, not the whole client unreadable
 * @param enabled a disabled client cannot authenticate and its tokens introspect inactive
 * @param mayIntrospect whether it may introspect tokens issued to other clients
 * @param secrets hashes of its live secrets
 */
public record Client(String id, String name, Set<String> grantTypes, Set<String> authMethods, Set<String> scopes,
		Set<String> audiences, Duration accessTokenLifetime, String signingAlgorithm, boolean enabled, boolean mayIntrospect,
		Instant createdAt, Instant updatedAt, List<StoredSecret> secrets) {

	public Client {
		Objects.requireNonNull(id, "id");
		if (!id.matches("[A-Za-z0-9._~-]{1,100}")) {
			throw new IllegalArgumentException("a client id is 1 to 100 characters of A-Z a-z 0-9 . _ ~ -");
		}
		Objects.requireNonNull(name, "name");
		grantTypes = Set.copyOf(new LinkedHashSet<>(grantTypes));
		authMethods = Set.copyOf(authMethods);
		scopes = Set.copyOf(scopes);
		audiences = Set.copyOf(audiences);
		secrets = List.copyOf(secrets);
		if (accessTokenLifetime != null && (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()
				|| accessTokenLifetime.compareTo(MAXIMUM_ACCESS_TOKEN_LIFETIME) > 0)) {
			throw new IllegalArgumentException("an access token lifetime must be positive and at most a day");
		}
	}

	/**
	 * The longest access token lifetime a client may have. Retired signing keys stay published at least
	 * this long ({@code gatehouse.keys.retired-retention}), so no valid token outlives its key.
	 */
	public static final Duration MAXIMUM_ACCESS_TOKEN_LIFETIME = Duration.ofDays(1);

	/** A builder with safe defaults: client_credentials only, secret authentication, enabled, no introspection. */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	/** Whether one of the live secrets matches the presented value (constant-time per hash). */
	public boolean secretMatches(String presented, Instant now) {
		boolean matched = false;
		for (StoredSecret secret : this.secrets) {
			matched |= secret.isLiveAt(now) & secret.hash().matches(presented);
		}
		return matched;
	}

	/**
	 * A stored secret hash.
	 *
	 * @param hash the SHA-256 hash
	 * @param expiresAt when it stops working, or {@code null} for never
	 */
	public record StoredSecret(SecretHash hash, Instant expiresAt) {

		public StoredSecret {
			Objects.requireNonNull(hash, "hash");
		}

		boolean isLiveAt(Instant now) {
			return this.expiresAt == null || now.isBefore(this.expiresAt);
		}

	}

	/** Builds a {@link Client}; only the id is required. */
	public static final class Builder {

		private final String id;

		private String name;

		private Set<String> grantTypes = Set.of("client_credentials");

		private Set<String> authMethods = Set.of("client_secret_basic", "client_secret_post");

		private Set<String> scopes = Set.of();

		private Set<String> audiences = Set.of();

		private Duration accessTokenLifetime;

		private String signingAlgorithm;

		private boolean enabled = true;

		private boolean mayIntrospect;

		private List<StoredSecret> secrets = List.of();

		private Builder(String id) {
			this.id = id;
			this.name = id;
		}

		public Builder name(String name) {
			this.name = name;
			return this;
		}

		public Builder grantTypes(Set<String> grantTypes) {
			this.grantTypes = grantTypes;
			return this;
		}

		public Builder authMethods(Set<String> authMethods) {
			this.authMethods = authMethods;
			return this;
		}

		public Builder scopes(Set<String> scopes) {
			this.scopes = scopes;
			return this;
		}

		public Builder audiences(Set<String> audiences) {
			this.audiences = audiences;
			return this;
		}

		public Builder accessTokenLifetime(Duration accessTokenLifetime) {
			this.accessTokenLifetime = accessTokenLifetime;
			return this;
		}

		public Builder signingAlgorithm(String signingAlgorithm) {
			if (signingAlgorithm != null && !signingAlgorithm.matches("ES256|RS256|EdDSA")) {
				throw new IllegalArgumentException("a signing algorithm is ES256, RS256 or EdDSA");
			}
			this.signingAlgorithm = signingAlgorithm;
			return this;
		}

		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		public Builder mayIntrospect(boolean mayIntrospect) {
			this.mayIntrospect = mayIntrospect;
			return this;
		}

		public Builder secret(SecretHash hash) {
			this.secrets = List.of(new StoredSecret(hash, null));
			return this;
		}

		public Client build() {
			Instant now = Instant.now();
			return new Client(this.id, this.name, this.grantTypes, this.authMethods, this.scopes, this.audiences,
					this.accessTokenLifetime, this.signingAlgorithm, this.enabled, this.mayIntrospect, now, now, this.secrets);
		}

	}

}
