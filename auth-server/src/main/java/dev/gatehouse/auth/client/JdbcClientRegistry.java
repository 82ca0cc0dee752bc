package dev.gatehouse.auth.client;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The client registry in the database: one indexed query loads a client with its secret hashes. Loaded
 * clients are kept for {@code gatehouse.client.cache-ttl} (500 ms), so a busy client costs two queries a
 * second instead of one per request; a change made here is seen here at once, a change made by another
 * instance within the TTL. Every change is published as a {@link ClientEvent} for the audit trail.
 */
@Repository
public class JdbcClientRegistry {

	private static final String SELECT_CLIENT = """
			select c.client_id, c.client_name, c.grant_types, c.auth_methods, c.scopes, c.audiences,
			       c.access_token_ttl_seconds, c.signing_algorithm, c.enabled, c.may_introspect, c.created_at, c.updated_at,
			       c.redirect_uris, c.refresh_idle_seconds, c.refresh_absolute_seconds,
			       s.secret_hash, s.expires_at
			from oauth_client c left join client_secret s on s.client_id = c.client_id
			where c.client_id = :id
			""";

	private final JdbcClient jdbc;

	private static final int CACHE_LIMIT = 10_000;

	private final Clock clock;

	private final Duration cacheTtl;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	private final ApplicationEventPublisher events;

	public JdbcClientRegistry(JdbcClient jdbc, Clock clock, ClientProperties properties,
			ApplicationEventPublisher events) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.events = Objects.requireNonNull(events, "events");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.cacheTtl = properties.cacheTtl();
	}

	public Optional<Client> findById(String clientId) {
		Instant now = this.clock.instant();
		Cached cached = this.cache.get(clientId);
		if (cached != null && now.isBefore(cached.until())) {
			return Optional.of(cached.client());
		}
		Optional<Client> loaded = load(clientId);
		if (loaded.isPresent() && !this.cacheTtl.isZero()) {
			if (this.cache.size() >= CACHE_LIMIT) {
				this.cache.clear();
			}
			this.cache.put(clientId, new Cached(loaded.get(), now.plus(this.cacheTtl)));
		}
		else {
			this.cache.remove(clientId);
		}
		return loaded;
	}

	private Optional<Client> load(String clientId) {
		List<Row> rows = this.jdbc.sql(SELECT_CLIENT).param("id", clientId).query(JdbcClientRegistry::row).list();
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		List<Client.StoredSecret> secrets = new ArrayList<>();
		for (Row row : rows) {
			if (row.secret() != null) {
				secrets.add(row.secret());
			}
		}
		return Optional.of(rows.get(0).client().withSecrets(secrets));
	}

	public boolean isEnabled(String clientId) {
		return findById(clientId).map(Client::enabled).orElse(false);
	}

	public long count() {
		return this.jdbc.sql("select count(*) from oauth_client").query(Long.class).single();
	}

	/** Stores a new client and its secret hashes. */
	@Transactional
	public void register(Client client) {
		this.cache.remove(client.id());
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into oauth_client (client_id, client_name, grant_types, auth_methods, scopes, audiences,
				    access_token_ttl_seconds, signing_algorithm, enabled, may_introspect, redirect_uris,
				    refresh_idle_seconds, refresh_absolute_seconds, created_at, updated_at)
				values (:id, :name, :grantTypes, :authMethods, :scopes, :audiences, :ttl, :algorithm, :enabled,
				    :mayIntrospect, :redirectUris, :refreshIdle, :refreshAbsolute, :now, :now)
				""")
			.param("id", client.id())
			.param("name", client.name())
			.param("grantTypes", join(client.grantTypes()))
			.param("authMethods", join(client.authMethods()))
			.param("scopes", join(client.scopes()))
			.param("audiences", join(client.audiences()))
			.param("ttl", client.accessTokenLifetime() == null ? null : client.accessTokenLifetime().toSeconds())
			.param("algorithm", client.signingAlgorithm())
			.param("enabled", client.enabled())
			.param("mayIntrospect", client.mayIntrospect())
			.param("redirectUris", String.join(" ", client.redirectUris()))
			.param("refreshIdle", (client.refreshTokens() != null) ? client.refreshTokens().idle().toSeconds() : null)
			.param("refreshAbsolute",
					(client.refreshTokens() != null) ? client.refreshTokens().absolute().toSeconds() : null)
			.param("now", Timestamp.from(now))
			.update();
		for (Client.StoredSecret secret : client.secrets()) {
			this.jdbc.sql("""
					insert into client_secret (client_id, secret_hash, created_at, expires_at)
					values (:id, :hash, :now, :expiresAt)
					""")
				.param("id", client.id())
				.param("hash", secret.hash().hex())
				.param("now", Timestamp.from(now))
				.param("expiresAt", secret.expiresAt() == null ? null : Timestamp.from(secret.expiresAt()))
				.update();
		}
		this.events.publishEvent(new ClientEvent("client.created", true, client.id(), null,
				"grant_types=" + join(client.grantTypes()) + " scopes=" + join(client.scopes())));
	}

	/** Enables or disables a client; returns whether it exists. */
	public boolean setEnabled(String clientId, boolean enabled) {
		this.cache.remove(clientId);
		boolean exists = this.jdbc.sql("update oauth_client set enabled = :enabled, updated_at = :now where client_id = :id")
			.param("enabled", enabled)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", clientId)
			.update() == 1;
		if (exists) {
			this.events.publishEvent(
					new ClientEvent(enabled ? "client.enabled" : "client.disabled", true, clientId, null, null));
		}
		return exists;
	}

	/** Forgets a cached client after a change made elsewhere in this instance. */
	void evict(String clientId) {
		this.cache.remove(clientId);
	}

	private static Row row(ResultSet rs, int rowNum) throws SQLException {
		int ttl = rs.getInt("access_token_ttl_seconds");
		Duration lifetime = rs.wasNull() ? null : Duration.ofSeconds(ttl);
		Client client = new Client(rs.getString("client_id"), rs.getString("client_name"),
				split(rs.getString("grant_types")), split(rs.getString("auth_methods")), split(rs.getString("scopes")),
				split(rs.getString("audiences")), lifetime, rs.getString("signing_algorithm"), rs.getBoolean("enabled"),
				rs.getBoolean("may_introspect"), List.copyOf(split(rs.getString("redirect_uris"))), refreshTokens(rs),
				instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")), List.of());
		String hash = rs.getString("secret_hash");
		Client.StoredSecret secret = (hash != null)
				? new Client.StoredSecret(new SecretHash(hash), instant(rs.getTimestamp("expires_at"))) : null;
		return new Row(client, secret);
	}

	private static Client.RefreshTokenLifetimes refreshTokens(ResultSet rs) throws SQLException {
		long idle = rs.getLong("refresh_idle_seconds");
		boolean noIdle = rs.wasNull();
		long absolute = rs.getLong("refresh_absolute_seconds");
		if (noIdle || rs.wasNull()) {
			return null;
		}
		return new Client.RefreshTokenLifetimes(Duration.ofSeconds(idle), Duration.ofSeconds(absolute));
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private static String join(Set<String> values) {
		return String.join(" ", values);
	}

	private static Set<String> split(String value) {
		if (value == null || value.isBlank()) {
			return Set.of();
		}
		return new LinkedHashSet<>(Arrays.asList(value.trim().split(" +")));
	}

	private record Row(Client client, Client.StoredSecret secret) {
	}

	private record Cached(Client client, Instant until) {
	}

}
