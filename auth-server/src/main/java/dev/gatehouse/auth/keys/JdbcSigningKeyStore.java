package dev.gatehouse.auth.keys;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Signing keys in the database, shared by every instance. The table holds a handful of rows.
 */
@Repository
class JdbcSigningKeyStore {

	private final JdbcClient jdbc;

	JdbcSigningKeyStore(JdbcClient jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	List<StoredKey> all() {
		return this.jdbc.sql("""
				select kid, algorithm, public_jwk, private_jwk_encrypted, created_at, activates_at, revoked_at
				from signing_key order by activates_at
				""")
			.query((rs, row) -> new StoredKey(rs.getString("kid"), SigningAlgorithm.of(rs.getString("algorithm")),
					rs.getString("public_jwk"), rs.getString("private_jwk_encrypted"),
					rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("activates_at").toInstant(),
					instant(rs.getTimestamp("revoked_at"))))
			.list();
	}

	void insert(StoredKey key) {
		this.jdbc.sql("""
				insert into signing_key (kid, algorithm, public_jwk, private_jwk_encrypted, created_at, activates_at)
				values (:kid, :algorithm, :publicJwk, :privateJwk, :createdAt, :activatesAt)
				""")
			.param("kid", key.keyId())
			.param("algorithm", key.algorithm().name())
			.param("publicJwk", key.publicJwk())
			.param("privateJwk", key.encryptedPrivateJwk())
			.param("createdAt", Timestamp.from(key.createdAt()))
			.param("activatesAt", Timestamp.from(key.activatesAt()))
			.update();
	}

	/** Whether an unrevoked key {@code keyId} is stored: one primary-key lookup. */
	boolean isLive(String keyId) {
		return this.jdbc.sql("select count(*) from signing_key where kid = :kid and revoked_at is null")
			.param("kid", keyId)
			.query(Long.class)
			.single() > 0;
	}

	boolean revoke(String keyId, Instant at) {
		return this.jdbc.sql("update signing_key set revoked_at = :at where kid = :kid and revoked_at is null")
			.param("at", Timestamp.from(at.truncatedTo(ChronoUnit.MILLIS)))
			.param("kid", keyId)
			.update() == 1;
	}

	void delete(String keyId) {
		this.jdbc.sql("delete from signing_key where kid = :kid").param("kid", keyId).update();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}
