package dev.gatehouse.auth.client;

import java.net.URI;
import java.net.URISyntaxException;
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
 * @param redirectUris where the authorization endpoint may send its response, compared by exact string
 * @param refreshTokens per-client refresh token lifetimes, or {@code null} for the deployment's defaults
 * @param secrets hashes of its live secrets; none for a public client ({@code none} authentication)
 */
public record Client(String id, String name, Set<String> grantTypes, Set<String> authMethods, Set<String> scopes,
		Set<String> audiences, Duration accessTokenLifetime, String signingAlgorithm, boolean enabled, boolean mayIntrospect,
		List<String> redirectUris, RefreshTokenLifetimes refreshTokens, Instant createdAt, Instant updatedAt,
		List<StoredSecret> secrets) {

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
		redirectUris = List.copyOf(redirectUris);
		redirectUris.forEach(Client::validRedirectUri);
		if (authMethods.contains(PUBLIC) && (!secrets.isEmpty() || grantTypes.contains("client_credentials"))) {
			throw new IllegalArgumentException(
					"a public client (authentication method none) has no secret and no client_credentials grant");
		}
		if (grantTypes.contains("authorization_code") && redirectUris.isEmpty()) {
			throw new IllegalArgumentException("a client of the authorization_code grant needs a redirect URI");
		}
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

	/** The authentication method of a public client: it proves nothing but its id (and PKCE for its codes). */
	public static final String PUBLIC = "none";

	/** Whether this is a public client (a browser or mobile app), which authenticates with its id only. */
	public boolean isPublic() {
		return this.authMethods.contains(PUBLIC);
	}

	/** The same client with other secret hashes. */
	public Client withSecrets(List<StoredSecret> secrets) {
		return new Client(this.id, this.name, this.grantTypes, this.authMethods, this.scopes, this.audiences,
				this.accessTokenLifetime, this.signingAlgorithm, this.enabled, this.mayIntrospect, this.redirectUris,
				this.refreshTokens, this.createdAt, this.updatedAt, secrets);
	}

	/**
	 * A redirect URI: absolute, no fragment (RFC 6749 §3.1.2), {@code https}, or {@code http} on a loopback
	 * address or {@code localhost} for development and native apps (RFC 8252 §7.3), printable ASCII with a host,
	 * at most 2000 characters.
	 *
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static void validRedirectUri(String uri) {
		URI parsed;
		try {
			parsed = new URI(uri);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("a redirect URI must be a valid absolute URI");
		}
		boolean loopback = "127.0.0.1".equals(parsed.getHost()) || "[::1]".equals(parsed.getHost())
				|| "localhost".equals(parsed.getHost());
		if (!parsed.isAbsolute() || parsed.getHost() == null || parsed.getFragment() != null || uri.length() > 2000
				|| !uri.matches("[\\x21-\\x7e]+")
				|| !("https".equals(parsed.getScheme()) || ("http".equals(parsed.getScheme()) && loopback))) {
			throw new IllegalArgumentException(
					"a redirect URI is an absolute https URI (http only on loopback) without a fragment");
		}
	}

	/**
	 * How long a client's refresh tokens live.
	 *
	 * @param idle a refresh token not used for this long expires (ASVS 10.4.8)
	 * @param absolute no token of a family lives beyond this after the user signed in for it
	 */
	public record RefreshTokenLifetimes(Duration idle, Duration absolute) {

		public RefreshTokenLifetimes {
			Objects.requireNonNull(idle, "idle");
			Objects.requireNonNull(absolute, "absolute");
			if (idle.isNegative() || idle.isZero() || absolute.compareTo(idle) < 0) {
				throw new IllegalArgumentException("refresh token lifetimes: idle positive, absolute at least idle");
			}
		}

	}

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

		private List<String> redirectUris = List.of();

		private RefreshTokenLifetimes refreshTokens;

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

		public Builder redirectUris(List<String> redirectUris) {
			this.redirectUris = redirectUris;
			return this;
		}

		public Builder refreshTokens(RefreshTokenLifetimes refreshTokens) {
			this.refreshTokens = refreshTokens;
			return this;
		}

		/**
		 * A public client (a single-page or native app): authenticates with its id only, uses the authorization
		 * code flow with PKCE and refresh tokens, holds no secret.
		 */
		public Builder publicClient() {
			this.authMethods = Set.of(PUBLIC);
			this.grantTypes = Set.of("authorization_code", "refresh_token");
			this.secrets = List.of();
			return this;
		}

		public Client build() {
			Instant now = Instant.now();
			return new Client(this.id, this.name, this.grantTypes, this.authMethods, this.scopes, this.audiences,
					this.accessTokenLifetime, this.signingAlgorithm, this.enabled, this.mayIntrospect, this.redirectUris,
					this.refreshTokens, now, now, this.secrets);
		}

	}

}
