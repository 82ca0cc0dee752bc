package dev.gatehouse.auth.client;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an administrator does to clients beyond registering them: find, change, rotate a secret with an overlap
 * window, delete. Every change is published as a {@link ClientEvent}; a generated secret leaves here once, as a
 * {@link ClientSecret} whose {@code toString()} masks it, and only its hash is stored.
 */
@Service
public class ClientAdministration {

	/** How long the previous secret keeps working after a rotation, unless the administrator says otherwise. */
	public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

	/** The longest overlap a rotation may give the previous secret. */
	public static final Duration MAXIMUM_OVERLAP = Duration.ofDays(30);

	private final JdbcClient jdbc;

	private final JdbcClientRegistry registry;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ClientAdministration(JdbcClient jdbc, JdbcClientRegistry registry, Clock clock, ApplicationEventPublisher events) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.registry = Objects.requireNonNull(registry, "registry");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.events = Objects.requireNonNull(events, "events");
	}

	/** A client as a list shows it. */
	public record ClientSummary(String id, String name, Set<String> grantTypes, boolean publicClient, boolean enabled,
			Instant createdAt) {
	}

	/**
	 * Clients whose id or name contains {@code text} (any case), ordered by id; one more than {@code limit} is
	 * asked for, so a caller can tell whether a next page exists.
	 */
	public List<ClientSummary> search(String text, int offset, int limit) {
		String pattern = "%" + escapeLike(Optional.ofNullable(text).orElse("").trim().toLowerCase(Locale.ROOT)) + "%";
		return this.jdbc.sql("""
				select client_id, client_name, grant_types, auth_methods, enabled, created_at from oauth_client
				where lower(client_id) like :pattern escape '\\' or lower(client_name) like :pattern escape '\\'
				order by client_id offset :offset rows fetch first :limit rows only
				""")
			.param("pattern", pattern)
			.param("offset", offset)
			.param("limit", limit)
			.query((rs, row) -> new ClientSummary(rs.getString("client_id"), rs.getString("client_name"),
					Set.of(rs.getString("grant_types").trim().split(" +")),
					rs.getString("auth_methods").contains(Client.PUBLIC), rs.getBoolean("enabled"),
					rs.getTimestamp("created_at").toInstant()))
			.list();
	}

	/** Registers a new client; a confidential one gets a generated secret, returned here and never again. */
	@Transactional
	public Optional<ClientSecret> create(Client.Builder client, boolean publicClient) {
		if (publicClient) {
			this.registry.register(client.publicClient().build());
			return Optional.empty();
		}
		ClientSecret secret = ClientSecret.generate();
		this.registry.register(client.secret(secret.hash()).build());
		return Optional.of(secret);
	}

	/** Replaces everything but the id, the secrets and the creation time; false when there is no such client. */
	@Transactional
	public boolean update(Client client) {
		int updated = this.jdbc.sql("""
				update oauth_client set client_name = :name, grant_types = :grantTypes, auth_methods = :authMethods,
				    scopes = :scopes, audiences = :audiences, access_token_ttl_seconds = :ttl,
				    signing_algorithm = :algorithm, enabled = :enabled, may_introspect = :mayIntrospect,
				    redirect_uris = :redirectUris, refresh_idle_seconds = :refreshIdle,
				    refresh_absolute_seconds = :refreshAbsolute, updated_at = :now
				where client_id = :id
				""")
			.param("id", client.id())
			.param("name", client.name())
			.param("grantTypes", String.join(" ", client.grantTypes()))
			.param("authMethods", String.join(" ", client.authMethods()))
			.param("scopes", String.join(" ", client.scopes()))
			.param("audiences", String.join(" ", client.audiences()))
			.param("ttl", (client.accessTokenLifetime() != null) ? client.accessTokenLifetime().toSeconds() : null)
			.param("algorithm", client.signingAlgorithm())
			.param("enabled", client.enabled())
			.param("mayIntrospect", client.mayIntrospect())
			.param("redirectUris", String.join(" ", client.redirectUris()))
			.param("refreshIdle", (client.refreshTokens() != null) ? client.refreshTokens().idle().toSeconds() : null)
			.param("refreshAbsolute",
					(client.refreshTokens() != null) ? client.refreshTokens().absolute().toSeconds() : null)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		this.registry.evict(client.id());
		if (updated == 1) {
			this.events.publishEvent(new ClientEvent("client.updated", true, client.id(), null,
					"grant_types=" + String.join(",", client.grantTypes()) + " scopes=" + String.join(",", client.scopes())));
		}
		return updated == 1;
	}

	/**
	 * Gives a confidential client a new secret; its previous secrets keep working for {@code overlap} (at most
	 * 30 days), then expire, so its deployments can switch without an outage.
	 *
	 * @return the new secret, or empty when there is no such confidential client
	 */
	@Transactional
	public Optional<ClientSecret> rotateSecret(String clientId, Duration overlap) {
		if (overlap.isNegative() || overlap.compareTo(MAXIMUM_OVERLAP) > 0) {
			throw new IllegalArgumentException("the overlap must be between 0 and 30 days");
		}
		Optional<Client> client = this.registry.findById(clientId).filter((found) -> !found.isPublic());
		if (client.isEmpty()) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		Instant previousEnd = now.plus(overlap);
		this.jdbc.sql("""
				update client_secret set expires_at = :end
				where client_id = :id and (expires_at is null or expires_at > :end)
				""")
			.param("end", Timestamp.from(previousEnd))
			.param("id", clientId)
			.update();
		ClientSecret secret = ClientSecret.generate();
		this.jdbc.sql("insert into client_secret (client_id, secret_hash, created_at) values (:id, :hash, :now)")
			.param("id", clientId)
			.param("hash", secret.hash().hex())
			.param("now", Timestamp.from(now))
			.update();
		this.registry.evict(clientId);
		this.events.publishEvent(new ClientEvent("client.secret_rotated", true, clientId, null,
				"previous secrets expire at " + previousEnd));
		return Optional.of(secret);
	}

	/**
	 * Deletes a client with its secrets, grants and consents. Its JWT access tokens stop introspecting as
	 * active at once; a resource server that only checks signatures accepts them until they expire.
	 */
	@Transactional
	public boolean delete(String clientId) {
		int deleted = this.jdbc.sql("delete from oauth_client where client_id = :id").param("id", clientId).update();
		this.registry.evict(clientId);
		if (deleted == 1) {
			this.events.publishEvent(new ClientEvent("client.deleted", true, clientId, null, null));
		}
		return deleted == 1;
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
