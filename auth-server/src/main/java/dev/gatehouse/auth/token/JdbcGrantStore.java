package dev.gatehouse.auth.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Grants, refresh tokens and the access tokens minted for them (tables {@code user_grant},
 * {@code refresh_token}, {@code grant_access_token}). Codes, consent states and refresh tokens are looked up
 * by their hash through a unique index, one query each. State changes that decide a race (exchanging a code,
 * rotating a refresh token) are single conditional updates, so exactly one of two concurrent callers wins.
 * Callers hold the transaction.
 */
@Repository
class JdbcGrantStore {

	private static final String GRANT_COLUMNS = """
			g.id, g.client_id, g.user_id, g.scopes, g.redirect_uri, g.client_state, g.code_challenge, g.auth_time,
			g.created_at, g.code_expires_at, g.code_used_at, g.expires_at, g.revoked_at""";

	private final JdbcClient jdbc;

	JdbcGrantStore(JdbcClient jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	/** Stores a grant waiting for the user's consent, found again by the hash of its consent state. */
	void savePending(UserGrant grant, TokenHash consentState) {
		insert(grant, consentState, null);
	}

	/**
	 * Stores the authorization code of a grant, replacing its pending consent if there was one.
	 *
	 * @return false when the pending consent had already been answered (a form posted twice)
	 */
	boolean saveCode(UserGrant grant, TokenHash code) {
		int updated = this.jdbc.sql("""
				update user_grant set scopes = :scopes, code_hash = :code, code_expires_at = :codeExpiresAt,
				    consent_state_hash = null, client_state = null
				where id = :id and code_hash is null
				""")
			.param("scopes", join(grant.scopes()))
			.param("code", code.hex())
			.param("codeExpiresAt", timestamp(grant.codeExpiresAt()))
			.param("id", grant.id())
			.update();
		if (updated == 1) {
			return true;
		}
		if (findById(grant.id()).isPresent()) {
			return false;
		}
		insert(grant, null, code);
		return true;
	}

	private void insert(UserGrant grant, TokenHash consentState, TokenHash code) {
		this.jdbc.sql("""
				insert into user_grant (id, client_id, user_id, scopes, redirect_uri, client_state, code_challenge,
				    consent_state_hash, code_hash, code_expires_at, auth_time, created_at)
				values (:id, :clientId, :userId, :scopes, :redirectUri, :clientState, :codeChallenge,
				    :consentState, :code, :codeExpiresAt, :authTime, :createdAt)
				""")
			.param("id", grant.id())
			.param("clientId", grant.clientId())
			.param("userId", grant.userId())
			.param("scopes", join(grant.scopes()))
			.param("redirectUri", grant.redirectUri())
			.param("clientState", (code == null) ? grant.clientState() : null)
			.param("codeChallenge", grant.codeChallenge())
			.param("consentState", (consentState != null) ? consentState.hex() : null)
			.param("code", (code != null) ? code.hex() : null)
			.param("codeExpiresAt", timestamp(grant.codeExpiresAt()))
			.param("authTime", timestamp(grant.authTime()))
			.param("createdAt", timestamp(grant.createdAt()))
			.update();
	}

	Optional<UserGrant> findById(String id) {
		return findOne("g.id = :value", id);
	}

	Optional<UserGrant> findByConsentState(TokenHash state) {
		return findOne("g.consent_state_hash = :value", state.hex());
	}

	Optional<UserGrant> findByCode(TokenHash code) {
		return findOne("g.code_hash = :value", code.hex());
	}

	private Optional<UserGrant> findOne(String condition, String value) {
		return this.jdbc.sql("select " + GRANT_COLUMNS + " from user_grant g where " + condition)
			.param("value", value)
			.query((rs, row) -> grant(rs))
			.optional();
	}

	void delete(String grantId) {
		this.jdbc.sql("delete from user_grant where id = :id").param("id", grantId).update();
	}

	/**
	 * Marks the grant's code used and starts its refresh token family, unless the code was used already.
	 *
	 * @return whether this call exchanged the code (false: someone else did, first)
	 */
	boolean exchangeCode(String grantId, Instant now, Instant familyExpiresAt) {
		return this.jdbc.sql("""
				update user_grant set code_used_at = :now, expires_at = :expiresAt
				where id = :id and code_used_at is null and revoked_at is null
				""")
			.param("now", timestamp(now))
			.param("expiresAt", timestamp(familyExpiresAt))
			.param("id", grantId)
			.update() == 1;
	}

	void addRefreshToken(String grantId, TokenHash token, Instant issuedAt, Instant expiresAt) {
		this.jdbc.sql("""
				insert into refresh_token (token_hash, grant_id, issued_at, expires_at)
				values (:hash, :grantId, :issuedAt, :expiresAt)
				""")
			.param("hash", token.hex())
			.param("grantId", grantId)
			.param("issuedAt", timestamp(issuedAt))
			.param("expiresAt", timestamp(expiresAt))
			.update();
	}

	void addAccessToken(String grantId, String jti, Instant expiresAt) {
		this.jdbc.sql("insert into grant_access_token (jti, grant_id, expires_at) values (:jti, :grantId, :expiresAt)")
			.param("jti", jti)
			.param("grantId", grantId)
			.param("expiresAt", timestamp(expiresAt))
			.update();
	}

	Optional<StoredRefreshToken> findRefreshToken(TokenHash token) {
		// refresh token columns are renamed: the grant has its own expires_at and revoked_at
		return this.jdbc.sql("""
				select r.token_hash, r.issued_at as rt_issued_at, r.expires_at as rt_expires_at, r.used_at as rt_used_at,
				    r.replaced_by, r.revoked_at as rt_revoked_at, %s
				from refresh_token r join user_grant g on g.id = r.grant_id where r.token_hash = :hash
				""".formatted(GRANT_COLUMNS))
			.param("hash", token.hex())
			.query((rs, row) -> new StoredRefreshToken(new TokenHash(rs.getString("token_hash")), grant(rs),
					instant(rs, "rt_issued_at"), instant(rs, "rt_expires_at"), instant(rs, "rt_used_at"),
					Optional.ofNullable(rs.getString("replaced_by")).map(TokenHash::new).orElse(null),
					instant(rs, "rt_revoked_at")))
			.optional();
	}

	/**
	 * Marks a refresh token used and names its replacement, unless it was used or revoked already.
	 *
	 * @return whether this call rotated the token (false: it was used before, or concurrently)
	 */
	boolean markUsed(TokenHash token, TokenHash replacement, Instant now) {
		return this.jdbc.sql("""
				update refresh_token set used_at = :now, replaced_by = :replacement
				where token_hash = :hash and used_at is null and revoked_at is null
				""")
			.param("now", timestamp(now))
			.param("replacement", replacement.hex())
			.param("hash", token.hex())
			.update() == 1;
	}

	/**
	 * Hands a used token's successor on to a new one: within the grace window a client that lost the
	 * response to its refresh presents the old token again; its unused successor is revoked and replaced.
	 *
	 * @return whether the successor was still unused (false: it was used, so this is reuse after all)
	 */
	boolean replaceUnusedSuccessor(TokenHash token, TokenHash successor, TokenHash replacement, Instant now) {
		int revoked = this.jdbc.sql("""
				update refresh_token set revoked_at = :now
				where token_hash = :successor and used_at is null and revoked_at is null
				""")
			.param("now", timestamp(now))
			.param("successor", successor.hex())
			.update();
		if (revoked == 0) {
			return false;
		}
		this.jdbc.sql("update refresh_token set replaced_by = :replacement where token_hash = :hash")
			.param("replacement", replacement.hex())
			.param("hash", token.hex())
			.update();
		return true;
	}

	/**
	 * Revokes a grant and every refresh token of its family.
	 *
	 * @return the access tokens minted for it that have not expired yet, to be denied
	 */
	List<MintedAccessToken> revoke(String grantId, Instant now) {
		this.jdbc.sql("update user_grant set revoked_at = :now where id = :id and revoked_at is null")
			.param("now", timestamp(now))
			.param("id", grantId)
			.update();
		this.jdbc.sql("update refresh_token set revoked_at = :now where grant_id = :id and revoked_at is null")
			.param("now", timestamp(now))
			.param("id", grantId)
			.update();
		return this.jdbc.sql("select jti, expires_at from grant_access_token where grant_id = :id and expires_at > :now")
			.param("id", grantId)
			.param("now", timestamp(now))
			.query((rs, row) -> new MintedAccessToken(rs.getString("jti"), instant(rs, "expires_at")))
			.list();
	}

	/** The ids of the live grants a user gave a client. */
	List<String> liveGrantIds(String userId, String clientId) {
		return this.jdbc.sql("""
				select id from user_grant where user_id = :userId and client_id = :clientId and revoked_at is null
				""")
			.param("userId", userId)
			.param("clientId", clientId)
			.query(String.class)
			.list();
	}

	/**
	 * Deletes up to {@code batchSize} grants that can no longer produce a token and are older than the
	 * retention: never exchanged (an abandoned consent or an expired code), past their absolute expiry, or
	 * revoked. Their refresh tokens and minted access token records go with them.
	 */
	int purgeGrants(Instant unexchangedBefore, Instant endedBefore, int batchSize) {
		return this.jdbc.sql("""
				delete from user_grant where id in (
				    select id from user_grant
				    where (code_used_at is null and created_at < :unexchangedBefore)
				       or expires_at < :endedBefore or revoked_at < :endedBefore
				    fetch first :batch rows only)
				""")
			.param("unexchangedBefore", timestamp(unexchangedBefore))
			.param("endedBefore", timestamp(endedBefore))
			.param("batch", batchSize)
			.update();
	}

	/** Deletes up to {@code batchSize} refresh tokens of live families that expired before {@code before}. */
	int purgeRefreshTokens(Instant before, int batchSize) {
		return this.jdbc.sql("""
				delete from refresh_token where token_hash in (
				    select token_hash from refresh_token where expires_at < :before fetch first :batch rows only)
				""")
			.param("before", timestamp(before))
			.param("batch", batchSize)
			.update();
	}

	/** Deletes up to {@code batchSize} records of minted access tokens that expired before {@code before}. */
	int purgeAccessTokens(Instant before, int batchSize) {
		return this.jdbc.sql("""
				delete from grant_access_token where jti in (
				    select jti from grant_access_token where expires_at < :before fetch first :batch rows only)
				""")
			.param("before", timestamp(before))
			.param("batch", batchSize)
			.update();
	}

	private static UserGrant grant(ResultSet rs) throws SQLException {
		return new UserGrant(rs.getString("id"), rs.getString("client_id"), rs.getString("user_id"),
				split(rs.getString("scopes")), rs.getString("redirect_uri"), rs.getString("client_state"),
				rs.getString("code_challenge"), instant(rs, "auth_time"), instant(rs, "created_at"),
				instant(rs, "code_expires_at"), instant(rs, "code_used_at"), instant(rs, "expires_at"),
				instant(rs, "revoked_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
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

	/**
	 * A stored refresh token with its grant.
	 *
	 * @param hash its hash
	 * @param grant the grant (family) it belongs to
	 * @param issuedAt when it was issued
	 * @param expiresAt its idle expiry (never beyond the family's absolute expiry)
	 * @param usedAt when it was exchanged for its successor, or {@code null}
	 * @param replacedBy its successor, or {@code null}
	 * @param revokedAt when it was revoked, or {@code null}
	 */
	record StoredRefreshToken(TokenHash hash, UserGrant grant, Instant issuedAt, Instant expiresAt, Instant usedAt,
			TokenHash replacedBy, Instant revokedAt) {

		boolean isActiveAt(Instant now) {
			return this.usedAt == null && this.revokedAt == null && !this.grant.isRevoked()
					&& now.isBefore(this.expiresAt);
		}

	}

	/** An access token minted for a grant: enough to deny it until it expires. */
	record MintedAccessToken(String jti, Instant expiresAt) {
	}

}
