package dev.gatehouse.auth.token;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Revoked JWT access tokens by {@code jti}, kept until the token's own expiry. Every lookup is by primary
 * key; expired rows are purged in batches by {@link DenylistPurgeJob}.
 */
@Repository
public class JdbcAccessTokenDenylist {

	private final JdbcClient jdbc;

	public JdbcAccessTokenDenylist(JdbcClient jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	/** Denies the token from now until it expires. Denying the same token twice is harmless. */
	public void deny(String jti, String clientId, Instant expiresAt, Instant now) {
		try {
			this.jdbc.sql("""
					insert into revoked_access_token (jti, client_id, expires_at, revoked_at)
					values (:jti, :clientId, :expiresAt, :now)
					""")
				.param("jti", jti)
				.param("clientId", clientId)
				.param("expiresAt", Timestamp.from(expiresAt))
				.param("now", Timestamp.from(now))
				.update();
		}
		catch (DuplicateKeyException alreadyRevoked) {
			// RFC 7009 §2.2: revoking an already revoked token succeeds as well
		}
	}

	public boolean isDenied(String jti) {
		return this.jdbc.sql("select count(*) from revoked_access_token where jti = :jti")
			.param("jti", jti)
			.query(Integer.class)
			.single() > 0;
	}

	/** Deletes up to {@code batchSize} entries whose tokens expired before {@code now}; returns how many. */
	public int purgeExpired(Instant now, int batchSize) {
		return this.jdbc.sql("""
				delete from revoked_access_token where jti in (
				    select jti from revoked_access_token where expires_at < :now
				    fetch first :batch rows only)
				""")
			.param("now", Timestamp.from(now))
			.param("batch", batchSize)
			.update();
	}

}
