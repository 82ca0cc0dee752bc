package dev.gatehouse.auth.user;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.stereotype.Repository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each user consented to per client (table {@code user_consent}), so the consent page is shown once per
 * client and new scopes. Spring's authorization endpoint reads and writes it by client id and principal
 * name, which for Gatehouse users is the user id. A user revokes a consent on their account page; that
 * publishes {@link ConsentRevoked} so the client's tokens for them stop working too.
 */
@Repository
public class JdbcConsentStore implements OAuth2AuthorizationConsentService {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	public JdbcConsentStore(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.events = Objects.requireNonNull(events, "events");
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		String scopes = String.join(" ", new TreeSet<>(consent.getScopes()));
		Timestamp now = Timestamp.from(this.clock.instant());
		if (update(consent, scopes, now) == 0) {
			try {
				this.jdbc.sql("""
						insert into user_consent (user_id, client_id, scopes, granted_at) values (:user, :client, :scopes, :now)
						""")
					.param("scopes", scopes).param("now", now)
					.param("user", consent.getPrincipalName()).param("client", consent.getRegisteredClientId())
					.update();
			}
			catch (DuplicateKeyException concurrentConsent) {
				update(consent, scopes, now);
			}
		}
	}

	private int update(OAuth2AuthorizationConsent consent, String scopes, Timestamp now) {
		return this.jdbc.sql("""
				update user_consent set scopes = :scopes, granted_at = :now where user_id = :user and client_id = :client
				""")
			.param("scopes", scopes).param("now", now)
			.param("user", consent.getPrincipalName()).param("client", consent.getRegisteredClientId())
			.update();
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		delete(consent.getPrincipalName(), consent.getRegisteredClientId());
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		Set<String> scopes = this.jdbc.sql("select scopes from user_consent where user_id = :user and client_id = :client")
			.param("user", principalName)
			.param("client", registeredClientId)
			.query(String.class)
			.optional()
			.map(JdbcConsentStore::split)
			.orElse(Set.of());
		if (scopes.isEmpty()) {
			return null;
		}
		OAuth2AuthorizationConsent.Builder consent = OAuth2AuthorizationConsent.withId(registeredClientId, principalName);
		scopes.forEach(consent::scope);
		return consent.build();
	}

	/** The user's consents, newest first. */
	public List<Consent> consentsOf(String userId) {
		return this.jdbc.sql("""
				select client_id, scopes, granted_at from user_consent where user_id = :user order by granted_at desc
				""")
			.param("user", userId)
			.query((rs, row) -> new Consent(rs.getString("client_id"), split(rs.getString("scopes")),
					rs.getTimestamp("granted_at").toInstant()))
			.list();
	}

	/** Withdraws the user's consent for the client and tells the features holding its tokens. */
	@Transactional
	public boolean revoke(String userId, String clientId) {
		boolean existed = delete(userId, clientId);
		this.events.publishEvent(new ConsentRevoked(userId, clientId));
		return existed;
	}

	private boolean delete(String userId, String clientId) {
		return this.jdbc.sql("delete from user_consent where user_id = :user and client_id = :client")
			.param("user", userId)
			.param("client", clientId)
			.update() == 1;
	}

	private static Set<String> split(String scopes) {
		if (scopes == null || scopes.isBlank()) {
			return Set.of();
		}
		return new LinkedHashSet<>(Arrays.asList(scopes.trim().split(" +")));
	}

	/**
	 * A remembered consent.
	 *
	 * @param clientId the client
	 * @param scopes the scopes the user allowed it
	 * @param grantedAt when they last allowed it
	 */
	public record Consent(String clientId, Set<String> scopes, Instant grantedAt) {

		public Consent {
			scopes = Set.copyOf(scopes);
		}

	}

}
