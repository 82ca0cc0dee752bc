package dev.gatehouse.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.ClientProperties;
import dev.gatehouse.auth.client.JdbcClientRegistry;
import dev.gatehouse.auth.client.MappingRegisteredClientRepository;
import dev.gatehouse.auth.testing.MutableClock;
import dev.gatehouse.auth.testing.BothDatabases;
import dev.gatehouse.auth.testing.TestDatabase;
import dev.gatehouse.auth.user.JdbcUserStore;
import dev.gatehouse.auth.user.Password;
import dev.gatehouse.auth.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The refresh grant on a real database and a hand-driven clock, with the reuse grace window switched on
 * (the HTTP tests run with it off, the default): what a lost response may retry, and what is still reuse.
 */
@BothDatabases
class RefreshTokenRotationTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));

	private final JdbcClient jdbc = JdbcClient.create(TestDatabase.migrated());

	private final JdbcGrantStore store = new JdbcGrantStore(this.jdbc);

	private final JdbcAccessTokenDenylist denylist = new JdbcAccessTokenDenylist(this.jdbc);

	private final JdbcUserStore users = new JdbcUserStore(this.jdbc, this.clock, (event) -> { });

	private RegisteredClient client;

	private User user;

	private RefreshTokenGrantAuthenticationProvider provider;

	@BeforeEach
	void setUp() {
		ClientProperties clientProperties = new ClientProperties(Duration.ofMinutes(5), Duration.ZERO,
				Duration.ofDays(1), Duration.ofDays(7));
		JdbcClientRegistry registry = new JdbcClientRegistry(this.jdbc, this.clock, clientProperties, (event) -> { });
		registry.register(Client.builder("app").publicClient().audiences(Set.of("api")).scopes(Set.of("read"))
			.redirectUris(List.of("https://app.example/cb")).build());
		this.client = new MappingRegisteredClientRepository(registry, clientProperties).findByClientId("app");
		this.user = this.users.create("alice", Set.of("user"), Password.generate());
		OAuth2TokenGenerator<Jwt> jwts = (context) -> Jwt.withTokenValue("jwt-" + UUID.randomUUID())
			.header("alg", "ES256")
			.jti(UUID.randomUUID().toString())
			.issuedAt(this.clock.instant())
			.expiresAt(this.clock.instant().plus(Duration.ofMinutes(5)))
			.build();
		UserGrantTokens tokens = new UserGrantTokens(this.store, this.denylist, jwts, this.clock, (event) -> {
		});
		TokenProperties properties = new TokenProperties(Duration.ofMinutes(1), Duration.ofSeconds(30),
				Duration.ofMinutes(10), Duration.ofDays(7));
		this.provider = new RefreshTokenGrantAuthenticationProvider(this.store, tokens, this.users, this.clock,
				properties);
		AuthorizationServerSettings settings = AuthorizationServerSettings.builder().issuer("https://gh.example").build();
		AuthorizationServerContextHolder.setContext(new AuthorizationServerContext() {
			@Override
			public String getIssuer() {
				return "https://gh.example";
			}

			@Override
			public AuthorizationServerSettings getAuthorizationServerSettings() {
				return settings;
			}
		});
	}

	@AfterEach
	void tearDown() {
		AuthorizationServerContextHolder.resetContext();
	}

	@Test
	void withinTheGraceWindowTheSameTokenAgainReplacesItsUnusedSuccessor() {
		String first = startFamily();
		String lost = refresh(first);

		this.clock.advance(Duration.ofSeconds(10));
		String retried = refresh(first);

		assertThat(retried).isNotEqualTo(lost);
		assertThat(refresh(retried)).startsWith("gh_rt_");
	}

	@Test
	void afterTheGraceWindowTheSameTokenAgainIsReuseAndEndsTheFamily() {
		String first = startFamily();
		String second = refresh(first);

		this.clock.advance(Duration.ofSeconds(31));
		assertThatInvalidGrant(first);

		assertThatInvalidGrant(second);
		assertThat(this.jdbc.sql("select count(*) from revoked_access_token").query(Long.class).single())
			.as("both access tokens denied").isEqualTo(2);
	}

	@Test
	void withinTheGraceWindowButTheSuccessorWasUsedIsReuse() {
		String first = startFamily();
		String second = refresh(first);
		String third = refresh(second);

		assertThatInvalidGrant(first);

		assertThatInvalidGrant(third);
	}

	@Test
	void aSuccessorReplacedInTheGraceWindowPresentedLaterIsReuse() {
		String first = startFamily();
		String legitimate = refresh(first);
		this.clock.advance(Duration.ofSeconds(5));
		String attacker = refresh(first);

		assertThatInvalidGrant(legitimate);

		assertThatInvalidGrant(attacker);
	}

	@Test
	void twoRacingRotationsOfOneTokenLetExactlyOneWin() {
		String first = startFamily();
		JdbcGrantStore.StoredRefreshToken stored = this.store.findRefreshToken(TokenHash.of(first)).orElseThrow();

		boolean one = this.store.markUsed(stored.hash(), OpaqueToken.refreshToken().hash(), this.clock.instant());
		boolean two = this.store.markUsed(stored.hash(), OpaqueToken.refreshToken().hash(), this.clock.instant());

		assertThat(List.of(one, two)).containsExactly(true, false);
	}

	@Test
	void verifierMustBeWellFormedAndHashToTheChallenge() {
		String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
		String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // RFC 7636 Appendix B

		assertThat(AuthorizationCodeGrantAuthenticationProvider.verifierMatches(verifier, challenge)).isTrue();
		assertThat(AuthorizationCodeGrantAuthenticationProvider.verifierMatches(verifier + "x", challenge)).isFalse();
		assertThat(AuthorizationCodeGrantAuthenticationProvider.verifierMatches("short", challenge)).isFalse();
		assertThat(AuthorizationCodeGrantAuthenticationProvider.verifierMatches(null, challenge)).isFalse();
		assertThat(AuthorizationCodeGrantAuthenticationProvider.verifierMatches(verifier.replace('-', '+'), challenge))
			.isFalse();
	}

	private String startFamily() {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		UserGrant grant = new UserGrant(UUID.randomUUID().toString(), "app", this.user.id(), Set.of("read"), null, null,
				"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", now, now, now.plusSeconds(60), null, null, null);
		OpaqueToken code = OpaqueToken.authorizationCode();
		this.store.saveCode(grant, code.hash());
		this.store.exchangeCode(grant.id(), now, now.plus(Duration.ofDays(7)));
		OpaqueToken refresh = OpaqueToken.refreshToken();
		this.store.addRefreshToken(grant.id(), refresh.hash(), now, now.plus(Duration.ofDays(1)));
		this.store.addAccessToken(grant.id(), "jti-" + UUID.randomUUID(), now.plus(Duration.ofMinutes(5)));
		return refresh.reveal();
	}

	private String refresh(String token) {
		OAuth2AccessTokenAuthenticationToken result = (OAuth2AccessTokenAuthenticationToken) this.provider
			.authenticate(request(token));
		return result.getRefreshToken().getTokenValue();
	}

	private void assertThatInvalidGrant(String token) {
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.provider.authenticate(request(token)))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
	}

	private OAuth2RefreshTokenAuthenticationToken request(String token) {
		OAuth2ClientAuthenticationToken caller = new OAuth2ClientAuthenticationToken(this.client,
				ClientAuthenticationMethod.NONE, null);
		return new OAuth2RefreshTokenAuthenticationToken(token, caller, Set.of(), Map.of());
	}

}
