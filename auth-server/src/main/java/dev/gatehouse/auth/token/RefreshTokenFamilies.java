package dev.gatehouse.auth.token;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The live refresh token families as an administrator sees them: how many there are, which ones a client
 * holds (by hash prefix, never a token), and revocation of one family or of all of a client's. A revocation
 * here is the same as at the revocation endpoint: the family ends and its access tokens are denied.
 */
@Service
public class RefreshTokenFamilies {

	private static final String ACTIVE = """
			r.used_at is null and r.revoked_at is null and r.expires_at > :now and g.revoked_at is null""";

	private final JdbcClient jdbc;

	private final JdbcGrantStore store;

	private final UserGrantTokens tokens;

	private final Clock clock;

	RefreshTokenFamilies(JdbcClient jdbc, JdbcGrantStore store, UserGrantTokens tokens, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.store = Objects.requireNonNull(store, "store");
		this.tokens = Objects.requireNonNull(tokens, "tokens");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** A family with a usable refresh token. */
	public record ActiveFamily(String grantId, String clientId, String subject, String tokenHashPrefix,
			Instant createdAt, Instant lastRotatedAt, Instant expiresAt) {
	}

	/** Refresh tokens that can be used now, across all clients. */
	public long countActive() {
		return this.jdbc.sql("select count(*) from refresh_token r join user_grant g on g.id = r.grant_id where " + ACTIVE)
			.param("now", Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.single();
	}

	/** The client's live families, most recently rotated first. */
	public List<ActiveFamily> activeOf(String clientId, int limit) {
		return this.jdbc.sql("select g.id, g.client_id, g.user_id, g.created_at, r.token_hash, r.issued_at, r.expires_at "
				+ "from refresh_token r join user_grant g on g.id = r.grant_id where g.client_id = :client and " + ACTIVE
				+ " order by r.issued_at desc fetch first :limit rows only")
			.param("client", clientId)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("limit", limit)
			.query((rs, row) -> new ActiveFamily(rs.getString("id"), rs.getString("client_id"), rs.getString("user_id"),
					rs.getString("token_hash").substring(0, 8), rs.getTimestamp("created_at").toInstant(),
					rs.getTimestamp("issued_at").toInstant(), rs.getTimestamp("expires_at").toInstant()))
			.list();
	}

	/** Revokes one family of {@code clientId}; false when there is no such live family. */
	@Transactional
	public boolean revoke(String clientId, String grantId) {
		return this.store.findById(grantId)
			.filter((grant) -> grant.clientId().equals(clientId) && !grant.isRevoked())
			.map((grant) -> {
				this.tokens.revokeFamily(grant, "token.revoked", "revoked by an administrator");
				return true;
			})
			.orElse(false);
	}

	/** Revokes every live family of the client; returns how many. */
	@Transactional
	public int revokeAllOf(String clientId) {
		List<String> grantIds = this.jdbc.sql("select id from user_grant where client_id = :client and revoked_at is null")
			.param("client", clientId)
			.query(String.class)
			.list();
		int revoked = 0;
		for (String grantId : grantIds) {
			revoked += revoke(clientId, grantId) ? 1 : 0;
		}
		return revoked;
	}

}
