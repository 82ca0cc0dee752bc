package dev.gatehouse.auth.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/**
 * Users in the database. Passwords are stored only as Argon2id hashes (Spring's encoder over
 * BouncyCastle's Argon2): a human password needs a slow, memory-hard hash, unlike the 256-bit client
 * secrets. Lookups are by the unique username index or the primary key.
 */
@Repository
public class JdbcUserStore {

	/** A hash no password matches, compared against when the user does not exist. */
	private static final String UNKNOWN_USER_HASH = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()
		.encode(Password.generate().reveal());

	private final JdbcClient jdbc;

	private final Clock clock;

	private final PasswordEncoder passwords = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

	private final Semaphore hashing = new Semaphore(4);

	private final ApplicationEventPublisher events;

	public JdbcUserStore(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.events = Objects.requireNonNull(events, "events");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** Creates a user; fails with a clear message when the username is taken. */
	public User create(String username, Set<String> roles, Password password) {
		User user = new User(UUID.randomUUID().toString(), User.validUsername(username), User.validRoles(roles), true,
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS), null);
		try {
			this.jdbc.sql("""
					insert into app_user (id, username, password_hash, roles, enabled, created_at)
					values (:id, :username, :hash, :roles, true, :createdAt)
					""")
				.param("id", user.id())
				.param("username", user.username())
				.param("hash", this.passwords.encode(password.reveal()))
				.param("roles", String.join(" ", user.roles()))
				.param("createdAt", Timestamp.from(user.createdAt()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new IllegalArgumentException("the username '" + username + "' is taken");
		}
		this.events.publishEvent(new UserEvent("user.created", user.id(),
				"username=" + user.username() + " roles=" + String.join(",", user.roles())));
		return user;
	}

	public Optional<User> findByUsername(String username) {
		return this.jdbc.sql("select * from app_user where username = :username")
			.param("username", username)
			.query(JdbcUserStore::user)
			.optional();
	}

	public Optional<User> findById(String id) {
		return this.jdbc.sql("select * from app_user where id = :id").param("id", id).query(JdbcUserStore::user).optional();
	}

	/**
	 * The user whose username and password match and who is enabled, else empty. The password is hashed even
	 * for unknown users, so the answer takes as long either way (no user enumeration by timing).
	 */
	public Optional<User> authenticate(String username, String password) {
		Optional<String> hash = this.jdbc.sql("select password_hash from app_user where username = :username")
			.param("username", username)
			.query(String.class)
			.optional();
		boolean matches;
		// each Argon2 check holds 16 MiB: a bounded number at a time, so a burst of sign-ins cannot exhaust the heap
		if (!acquireHashingSlot()) {
			throw new HashingBusyException();
		}
		try {
			matches = this.passwords.matches(password, hash.orElse(UNKNOWN_USER_HASH));
		}
		finally {
			this.hashing.release();
		}
		return (matches && hash.isPresent()) ? findByUsername(username).filter(User::enabled) : Optional.empty();
	}

	private boolean acquireHashingSlot() {
		try {
			return this.hashing.tryAcquire(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Too many password checks at once: try again shortly. */
	public static final class HashingBusyException extends IllegalStateException {

		HashingBusyException() {
			super("too many password checks at once");
		}

	}

	public boolean setPassword(String username, Password password) {
		return update("update app_user set password_hash = :value where username = :username", username,
				this.passwords.encode(password.reveal()), "user.password_reset", "");
	}

	public boolean setRoles(String username, Set<String> roles) {
		String valid = String.join(" ", User.validRoles(roles));
		return update("update app_user set roles = :value where username = :username", username, valid,
				"user.roles_changed", " roles=" + valid.replace(' ', ','));
	}

	public boolean setEnabled(String username, boolean enabled) {
		return update("update app_user set enabled = :value where username = :username", username, enabled,
				enabled ? "user.enabled" : "user.disabled", "");
	}

	public void recordLogin(String userId) {
		this.jdbc.sql("update app_user set last_login_at = :now where id = :id")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", userId)
			.update();
	}

	public long count() {
		return this.jdbc.sql("select count(*) from app_user").query(Long.class).single();
	}

	public List<User> all() {
		return this.jdbc.sql("select * from app_user order by username").query(JdbcUserStore::user).list();
	}

	private boolean update(String sql, String username, Object value, String event, String detail) {
		boolean exists = this.jdbc.sql(sql).param("value", value).param("username", username).update() == 1;
		if (exists) {
			String userId = findByUsername(username).map(User::id).orElse(null);
			this.events.publishEvent(new UserEvent(event, userId, "username=" + username + detail));
		}
		return exists;
	}

	private static User user(ResultSet rs, int row) throws SQLException {
		Timestamp lastLogin = rs.getTimestamp("last_login_at");
		return new User(rs.getString("id"), rs.getString("username"), roles(rs.getString("roles")),
				rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant(),
				(lastLogin != null) ? lastLogin.toInstant() : null);
	}

	private static Set<String> roles(String value) {
		return value.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(value.trim().split(" +")));
	}

}
