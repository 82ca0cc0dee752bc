package dev.gatehouse.auth.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.UserFlowTest;
import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import dev.gatehouse.auth.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.gatehouse.auth.testing.OAuthHttp.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh tokens over HTTP: rotation on every use, reuse detection that ends the family, revocation and
 * introspection, idle and absolute expiry on the server's (shifted) clock, storage only as hashes, purge.
 */
class RefreshTokenIT extends UserFlowTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	GrantPurgeJob purgeJob;

	@Test
	void everyRefreshRotatesTheTokenAndIssuesANewAccessToken() throws Exception {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Map<String, Object> first = tokensFor(app, user, "read:reports write:reports");

		Response refreshed = refresh(app, first.get("refresh_token").toString());

		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		assertThat(refreshed.header("Cache-Control")).contains("no-store");
		Map<String, Object> second = refreshed.json();
		assertThat(second.get("refresh_token")).isNotEqualTo(first.get("refresh_token"));
		assertThat(second.get("access_token")).isNotEqualTo(first.get("access_token"));
		assertThat(second).containsEntry("scope", "read:reports write:reports");
		assertThat(SignedJWT.parse(second.get("access_token").toString()).getJWTClaimsSet().getSubject())
			.isEqualTo(user.id());
		assertThat(refresh(app, second.get("refresh_token").toString()).status()).isEqualTo(200);
	}

	@Test
	void reusingARotatedTokenRevokesTheWholeFamilyAndItsAccessTokens() {
		TestClient app = newPublicClient();
		Map<String, Object> first = tokensFor(app, newUser("user"), "read:reports");
		Map<String, Object> second = refresh(app, first.get("refresh_token").toString()).json();
		Map<String, Object> third = refresh(app, second.get("refresh_token").toString()).json();
		assertThat(introspect(third.get("access_token").toString()).json()).containsEntry("active", true);

		Response reuse = refresh(app, first.get("refresh_token").toString());

		assertThat(reuse.status()).isEqualTo(400);
		assertThat(reuse.json()).containsEntry("error", "invalid_grant");
		assertThat(refresh(app, third.get("refresh_token").toString()).json()).as("the newest token of the family")
			.containsEntry("error", "invalid_grant");
		for (Map<String, Object> tokens : List.of(first, second, third)) {
			assertThat(introspect(tokens.get("access_token").toString()).json()).isEqualTo(Map.of("active", false));
		}
	}

	@Test
	void aReplayedTokenWithABadScopeIsStillReuse() {
		TestClient app = newPublicClient();
		Map<String, Object> first = tokensFor(app, newUser("user"), "read:reports");
		Map<String, Object> second = refresh(app, first.get("refresh_token").toString()).json();

		Response replay = refresh(app, first.get("refresh_token").toString(), p("scope", "admin:all"));

		assertThat(replay.json()).containsEntry("error", "invalid_grant");
		assertThat(refresh(app, second.get("refresh_token").toString()).json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void reuseInOneFamilyLeavesTheUsersOtherFamiliesAlone() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Map<String, Object> phone = tokensFor(app, user, "read:reports");
		Map<String, Object> laptop = tokensFor(app, user, "read:reports");
		refresh(app, phone.get("refresh_token").toString());

		refresh(app, phone.get("refresh_token").toString());

		assertThat(refresh(app, laptop.get("refresh_token").toString()).status()).isEqualTo(200);
	}

	@Test
	void revokingARefreshTokenRevokesItsFamilyAndDeniesItsAccessTokens() {
		TestClient app = newPublicClient();
		Map<String, Object> first = tokensFor(app, newUser("user"), "read:reports");
		Map<String, Object> second = refresh(app, first.get("refresh_token").toString()).json();

		Response revoked = this.http.post("/oauth2/revoke", null, null, p("token", second.get("refresh_token").toString()),
				p("token_type_hint", "refresh_token"), p("client_id", app.id()));

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertThat(refresh(app, second.get("refresh_token").toString()).json()).containsEntry("error", "invalid_grant");
		assertThat(introspect(second.get("access_token").toString()).json()).isEqualTo(Map.of("active", false));
		assertThat(introspect(first.get("access_token").toString()).json()).isEqualTo(Map.of("active", false));
	}

	@Test
	void anotherClientCannotRevokeOrUseTheToken() {
		TestClient app = newPublicClient();
		TestClient other = newPublicClient();
		Map<String, Object> tokens = tokensFor(app, newUser("user"), "read:reports");
		String refreshToken = tokens.get("refresh_token").toString();

		assertThat(refresh(other, refreshToken).json()).containsEntry("error", "invalid_grant");
		Response revoke = this.http.post("/oauth2/revoke", null, null, p("token", refreshToken), p("client_id", other.id()));
		assertThat(revoke.status()).as(revoke.body()).isEqualTo(400);
		assertThat(revoke.json()).containsEntry("error", "unauthorized_client");
		assertThat(refresh(app, refreshToken).status()).isEqualTo(200);
	}

	@Test
	void introspectionOfARefreshTokenFollowsRfc7662() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Map<String, Object> tokens = tokensFor(app, user, "read:reports");
		String refreshToken = tokens.get("refresh_token").toString();

		Map<String, Object> active = introspect(refreshToken).json();

		assertThat(active).containsEntry("active", true)
			.containsEntry("token_type", "refresh_token")
			.containsEntry("client_id", app.id())
			.containsEntry("sub", user.id())
			.containsEntry("scope", "read:reports")
			.containsEntry("iss", ISSUER)
			.containsKeys("exp", "iat");
		refresh(app, refreshToken);
		assertThat(introspect(refreshToken).json()).as("used").isEqualTo(Map.of("active", false));
		assertThat(introspect("gh_rt_" + "x".repeat(43)).json()).as("unknown").isEqualTo(Map.of("active", false));
	}

	@Test
	void aPublicClientCannotIntrospect() {
		TestClient app = newPublicClient();
		Map<String, Object> tokens = tokensFor(app, newUser("user"), "read:reports");

		Response response = this.http.post("/oauth2/introspect", null, null,
				p("token", tokens.get("refresh_token").toString()), p("client_id", app.id()));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_client");
	}

	@Test
	void aTokenUnusedForTheIdleTimeExpires() {
		TestClient app = newPublicClient((client) -> client
			.refreshTokens(new Client.RefreshTokenLifetimes(Duration.ofHours(1), Duration.ofHours(3))));
		Map<String, Object> tokens = tokensFor(app, newUser("user"), "read:reports");
		Map<String, Object> rotated = refresh(app, tokens.get("refresh_token").toString()).json();

		this.clock.shift(Duration.ofMinutes(59));
		Map<String, Object> stillFine = refresh(app, rotated.get("refresh_token").toString()).json();
		assertThat(stillFine).containsKey("refresh_token");
		this.clock.shift(Duration.ofMinutes(61));

		assertThat(refresh(app, stillFine.get("refresh_token").toString()).json()).containsEntry("error", "invalid_grant")
			.containsEntry("error_description", "The refresh token has expired");
	}

	@Test
	void noTokenOfAFamilyOutlivesTheAbsoluteLifetime() {
		TestClient app = newPublicClient((client) -> client
			.refreshTokens(new Client.RefreshTokenLifetimes(Duration.ofHours(1), Duration.ofHours(3))));
		String refreshToken = tokensFor(app, newUser("user"), "read:reports").get("refresh_token").toString();

		for (int i = 0; i < 3; i++) {
			this.clock.shift(Duration.ofMinutes(50));
			Response refreshed = refresh(app, refreshToken);
			assertThat(refreshed.status()).as("after %s minutes: %s", 50 * (i + 1), refreshed.body()).isEqualTo(200);
			refreshToken = refreshed.json().get("refresh_token").toString();
		}
		Map<String, Object> introspected = introspect(refreshToken).json();
		assertThat(introspected.get("exp")).as("the last token ends with the family, 3 h after the exchange")
			.isNotNull();
		this.clock.shift(Duration.ofMinutes(31));

		assertThat(refresh(app, refreshToken).json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void aRefreshMayNarrowButNotWidenTheScope() throws Exception {
		TestClient app = newPublicClient();
		Map<String, Object> tokens = tokensFor(app, newUser("user"), "read:reports write:reports");

		Response narrower = refresh(app, tokens.get("refresh_token").toString(), p("scope", "read:reports"));
		assertThat(narrower.json()).containsEntry("scope", "read:reports");
		assertThat(SignedJWT.parse(narrower.json().get("access_token").toString()).getJWTClaimsSet()
			.getStringClaim("scope")).isEqualTo("read:reports");
		Response wider = refresh(app, narrower.json().get("refresh_token").toString(),
				p("scope", "read:reports admin:all"));
		assertThat(wider.json()).containsEntry("error", "invalid_scope");
		Response full = refresh(app, narrower.json().get("refresh_token").toString());
		assertThat(full.json()).as("the refresh token keeps the grant's scope").containsEntry("scope",
				"read:reports write:reports");
	}

	@Test
	void aDisabledUsersTokensStopRefreshing() {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		Map<String, Object> tokens = tokensFor(app, user, "read:reports");

		this.users.setEnabled(user.username(), false);

		assertThat(refresh(app, tokens.get("refresh_token").toString()).json()).containsEntry("error", "invalid_grant");
		assertThat(introspect(tokens.get("refresh_token").toString()).json()).isEqualTo(Map.of("active", false));
	}

	@Test
	void garbageRefreshTokensAreInvalidGrantNeverServerError() {
		TestClient app = newPublicClient();
		for (String garbage : List.of("", "gh_rt_", "gh_rt_" + "!".repeat(43), "x".repeat(5000), "gh_rt_%00")) {
			Response response = refresh(app, garbage);
			assertThat(response.status()).as(garbage).isEqualTo(400);
			assertThat(response.json().get("error")).as(garbage).isIn("invalid_grant", "invalid_request");
		}
	}

	@Test
	void theDatabaseHoldsNoTokenOrCodeValue() throws Exception {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		List<String> handedOut = new ArrayList<>();
		String verifier = Browser.newVerifier();
		String code = code(authorize(new Browser(ISSUER), app, user, "read:reports", "st", verifier));
		Map<String, Object> tokens = exchange(app, code, verifier).json();
		Map<String, Object> rotated = refresh(app, tokens.get("refresh_token").toString()).json();
		handedOut.addAll(List.of(code, tokens.get("refresh_token").toString(), rotated.get("refresh_token").toString(),
				tokens.get("access_token").toString(), rotated.get("access_token").toString()));

		String dump = TestDatabase.dump(this.dataSource);

		assertThat(dump).contains("USER_GRANT", "REFRESH_TOKEN");
		for (String value : handedOut) {
			assertThat(dump).doesNotContain(value);
		}
		assertThat(dump).as("the hash is what is stored").contains(TokenHash.of(rotated.get("refresh_token").toString()).hex());
	}

	@Test
	void thePurgeDeletesEndedGrantsAndExpiredRowsButKeepsLiveOnes() {
		TestClient app = newPublicClient((client) -> client
			.refreshTokens(new Client.RefreshTokenLifetimes(Duration.ofHours(1), Duration.ofHours(2))));
		TestUser user = newUser("user");
		Map<String, Object> live = tokensFor(app, user, "read:reports");
		Map<String, Object> revoked = tokensFor(app, user, "read:reports");
		this.http.post("/oauth2/revoke", null, null, p("token", revoked.get("refresh_token").toString()),
				p("client_id", app.id()));
		assertThat(rows("user_grant", app)).isEqualTo(2);

		this.clock.shift(Duration.ofDays(8));
		this.purgeJob.purge();

		assertThat(rows("user_grant", app)).as("both ended more than the retention ago").isZero();
		assertThat(this.jdbc.sql("select count(*) from refresh_token r join user_grant g on g.id = r.grant_id "
				+ "where g.client_id = :client").param("client", app.id()).query(Long.class).single()).isZero();
		this.clock.reset();
		Map<String, Object> fresh = tokensFor(app, user, "read:reports");
		this.purgeJob.purge();
		assertThat(rows("user_grant", app)).isEqualTo(1);
		assertThat(refresh(app, fresh.get("refresh_token").toString()).status()).isEqualTo(200);
		assertThat(live).isNotNull();
	}

	private long rows(String table, TestClient client) {
		return this.jdbc.sql("select count(*) from " + table + " where client_id = :client")
			.param("client", client.id())
			.query(Long.class)
			.single();
	}

}
