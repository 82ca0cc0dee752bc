package dev.gatehouse.auth.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.GatehouseClientSettings;
import dev.gatehouse.auth.user.ConsentRevoked;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, rotates and revokes the tokens of user grants. Every step that decides a race is one conditional
 * update in the same transaction as the tokens it issues, so a token is handed out only if its rows are
 * committed, and of two callers presenting the same code or refresh token exactly one wins. Revoking a family
 * revokes every refresh token of the grant and denies the access tokens minted for it until they expire.
 */
@Service
class UserGrantTokens {

	private static final Log logger = LogFactory.getLog(UserGrantTokens.class);

	private final JdbcGrantStore store;

	private final JdbcAccessTokenDenylist denylist;

	private final OAuth2TokenGenerator<?> generator;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	UserGrantTokens(JdbcGrantStore store, JdbcAccessTokenDenylist denylist, OAuth2TokenGenerator<?> tokenGenerator,
			Clock clock, ApplicationEventPublisher events) {
		this.events = Objects.requireNonNull(events, "events");
		this.store = Objects.requireNonNull(store, "store");
		this.denylist = Objects.requireNonNull(denylist, "denylist");
		this.generator = Objects.requireNonNull(tokenGenerator, "tokenGenerator");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * Exchanges a grant's code for its first tokens, or empty when the code was exchanged first by another
	 * request (the caller treats that as code reuse).
	 */
	@Transactional
	Optional<IssuedTokens> exchangeCode(UserGrant grant, RegisteredClient client, Authentication user,
			Authentication request) {
		Instant now = now();
		Client.RefreshTokenLifetimes lifetimes = GatehouseClientSettings.refreshTokens(client);
		Instant familyEnd = now.plus(lifetimes.absolute());
		if (!this.store.exchangeCode(grant.id(), now, familyEnd)) {
			return Optional.empty();
		}
		OAuth2AccessToken access = accessToken(grant, client, user, grant.scopes(),
				AuthorizationGrantType.AUTHORIZATION_CODE, request);
		OAuth2RefreshToken refresh = null;
		if (client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			refresh = refreshToken(grant.id(), now, earliest(now.plus(lifetimes.idle()), familyEnd));
		}
		return Optional.of(new IssuedTokens(access, refresh));
	}

	/**
	 * Rotates a refresh token: marks it used, issues its successor and a new access token; empty when it was
	 * used first by another request (the caller treats that as reuse).
	 */
	@Transactional
	Optional<IssuedTokens> rotate(JdbcGrantStore.StoredRefreshToken presented, RegisteredClient client,
			Authentication user, Set<String> scopes, Authentication request) {
		Instant now = now();
		OpaqueToken successor = OpaqueToken.refreshToken();
		if (!this.store.markUsed(presented.hash(), successor.hash(), now)) {
			return Optional.empty();
		}
		published(presented, "rotated");
		return Optional.of(issueSuccessor(presented, successor, client, user, scopes, request, now));
	}

	private void published(JdbcGrantStore.StoredRefreshToken presented, String how) {
		UserGrant grant = presented.grant();
		this.events.publishEvent(new TokenEvent("refresh_token.rotated", true, grant.clientId(), grant.userId(),
				grant.scopes(), presented.hash().prefix(), how + "; grant " + grant.id()));
	}

	/**
	 * Within the grace window after a rotation, the same token presented again (its response was lost)
	 * replaces its still unused successor; empty when the successor was used, which makes it reuse after all.
	 */
	@Transactional
	Optional<IssuedTokens> rotateAgain(JdbcGrantStore.StoredRefreshToken presented, RegisteredClient client,
			Authentication user, Set<String> scopes, Authentication request) {
		Instant now = now();
		OpaqueToken successor = OpaqueToken.refreshToken();
		if (!this.store.replaceUnusedSuccessor(presented.hash(), presented.replacedBy(), successor.hash(), now)) {
			return Optional.empty();
		}
		logger.info("Refresh token " + presented.hash().prefix() + " presented again within the grace window;"
				+ " its unused successor is replaced (grant " + presented.grant().id() + ")");
		published(presented, "presented again within the grace window, unused successor replaced");
		return Optional.of(issueSuccessor(presented, successor, client, user, scopes, request, now));
	}

	private IssuedTokens issueSuccessor(JdbcGrantStore.StoredRefreshToken presented, OpaqueToken successor,
			RegisteredClient client, Authentication user, Set<String> scopes, Authentication request, Instant now) {
		UserGrant grant = presented.grant();
		Client.RefreshTokenLifetimes lifetimes = GatehouseClientSettings.refreshTokens(client);
		Instant expiresAt = earliest(now.plus(lifetimes.idle()), grant.expiresAt());
		this.store.addRefreshToken(grant.id(), successor.hash(), now, expiresAt);
		OAuth2AccessToken access = accessToken(grant, client, user, scopes, AuthorizationGrantType.REFRESH_TOKEN,
				request);
		return new IssuedTokens(access, new OAuth2RefreshToken(successor.reveal(), now, expiresAt));
	}

	/**
	 * Revokes a grant's whole family: its refresh tokens stop working and the access tokens minted for it are
	 * denied until they expire.
	 *
	 * @param reason the event ({@code refresh_token.reuse_detected}, {@code authorization_code.reused},
	 * {@code token.revoked})
	 * @param detail for the audit trail
	 */
	@Transactional
	void revokeFamily(UserGrant grant, String reason, String detail) {
		Instant now = now();
		List<JdbcGrantStore.MintedAccessToken> minted = this.store.revoke(grant.id(), now);
		minted.forEach((token) -> this.denylist.deny(token.jti(), grant.clientId(), token.expiresAt(), now));
		String line = reason + ": revoked grant " + grant.id() + " of client_id=" + grant.clientId() + " sub="
				+ grant.userId() + " and denied " + minted.size() + " access token(s)";
		boolean attack = reason.endsWith("reuse_detected") || reason.endsWith("reused");
		if (attack) {
			logger.warn(line);
		}
		else {
			logger.info(line);
		}
		this.events.publishEvent(new TokenEvent(reason, !attack, grant.clientId(), grant.userId(), grant.scopes(), null,
				detail + "; grant " + grant.id() + ", " + minted.size() + " access token(s) denied"));
	}

	/** A user withdrew consent for a client: every grant they gave it is revoked. */
	@EventListener
	void onConsentRevoked(ConsentRevoked event) {
		for (String grantId : this.store.liveGrantIds(event.userId(), event.clientId())) {
			this.store.findById(grantId).ifPresent((grant) -> revokeFamily(grant, "token.revoked", "consent withdrawn"));
		}
	}

	private OAuth2AccessToken accessToken(UserGrant grant, RegisteredClient client, Authentication user,
			Set<String> scopes, AuthorizationGrantType grantType, Authentication request) {
		OAuth2Token token = this.generator.generate(DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(user)
			.authorizationServerContext(AuthorizationServerContextHolder.getContext())
			.authorizedScopes(scopes)
			.tokenType(OAuth2TokenType.ACCESS_TOKEN)
			.authorizationGrantType(grantType)
			.authorizationGrant(request)
			.build());
		if (!(token instanceof Jwt jwt)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
					"The access token could not be generated", null));
		}
		this.store.addAccessToken(grant.id(), jwt.getId(), jwt.getExpiresAt());
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.getTokenValue(), jwt.getIssuedAt(),
				jwt.getExpiresAt(), new LinkedHashSet<>(new TreeSet<>(scopes)));
	}

	private OAuth2RefreshToken refreshToken(String grantId, Instant now, Instant expiresAt) {
		OpaqueToken token = OpaqueToken.refreshToken();
		this.store.addRefreshToken(grantId, token.hash(), now, expiresAt);
		return new OAuth2RefreshToken(token.reveal(), now, expiresAt);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private static Instant earliest(Instant a, Instant b) {
		return (b == null || a.isBefore(b)) ? a : b;
	}

	/** The tokens of one successful grant request; {@code refreshToken} is null for clients without one. */
	record IssuedTokens(OAuth2AccessToken accessToken, OAuth2RefreshToken refreshToken) {

		@Override
		public String toString() {
			return "IssuedTokens[******]";
		}

	}

}
