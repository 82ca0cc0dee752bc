package dev.gatehouse.auth.operations;

import java.util.Set;

import dev.gatehouse.auth.client.ClientEvent;
import dev.gatehouse.auth.token.TokenEvent;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters the features' events feed, with a client tag limit of two, so the third distinct client shows
 * how the per-client series stay bounded.
 */
class TokenMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final TokenMetrics metrics = new TokenMetrics(this.registry, new MetricsProperties(2));

	@Test
	void issuedTokensAreCountedByGrantTypeAndClient() {
		this.metrics.on(issued("a"));
		this.metrics.on(issued("a"));

		assertThat(this.registry.get("gatehouse.tokens.issued")
			.tags("grant_type", "client_credentials", "client", "a")
			.counter()
			.count()).isEqualTo(2.0);
	}

	@Test
	void issuedTokensBeyondTheClientTagLimitAreCountedAsOther() {
		this.metrics.on(issued("a"));
		this.metrics.on(issued("b"));
		this.metrics.on(issued("c"));
		this.metrics.on(issued("a"));

		assertThat(issuedCount("a")).isEqualTo(2.0);
		assertThat(issuedCount("b")).isEqualTo(1.0);
		assertThat(issuedCount(TokenMetrics.OTHER)).isEqualTo(1.0);
		assertThat(this.registry.find("gatehouse.tokens.issued").tag("client", "c").counters())
			.as("a client beyond the limit never gets its own series")
			.isEmpty();
		assertThat(this.registry.find("gatehouse.tokens.issued").counters())
			.extracting((counter) -> counter.getId().getTag("client"))
			.containsExactlyInAnyOrder("a", "b", TokenMetrics.OTHER);
	}

	@Test
	void aClientThatGotItsTagKeepsItOnEveryPerClientCounter() {
		this.metrics.on(issued("a"));
		this.metrics.on(issued("b"));
		this.metrics.on(issued("c"));

		this.metrics.on(new TokenEvent("token.revoked", true, "b", "b", Set.of(), "jti", null));
		this.metrics.on(new TokenEvent("refresh_token.rotated", true, "c", "user-1", Set.of(), "hash", null));

		assertThat(this.registry.get("gatehouse.revocations").tag("client", "b").counter().count()).isEqualTo(1.0);
		assertThat(this.registry.get("gatehouse.refresh.rotations").tag("client", TokenMetrics.OTHER).counter().count())
			.isEqualTo(1.0);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({ "token, invalid_scope", "token, invalid_grant", "introspection, invalid_request",
			"revocation, unsupported_token_type", "authorization, access_denied" })
	void refusalsAreCountedByEndpointAndError(String endpoint, String error) {
		this.metrics.on(TokenEvent.refused(endpoint, "a", "client_credentials", error, "detail"));
		this.metrics.on(TokenEvent.refused(endpoint, "b", "client_credentials", error, "detail"));

		assertThat(this.registry.get("gatehouse.requests.refused")
			.tags("endpoint", endpoint, "error", error)
			.counter()
			.count()).isEqualTo(2.0);
		assertThat(this.registry.getMeters()).extracting(Meter::getId)
			.allSatisfy((id) -> assertThat(id.getTag("client")).as("refusals carry no client tag").isNull());
	}

	@Test
	void introspectionsAreCountedByResult() {
		this.metrics.on(introspected(true));
		this.metrics.on(introspected(true));
		this.metrics.on(introspected(false));

		assertThat(this.registry.get("gatehouse.introspections").tag("result", "active").counter().count())
			.isEqualTo(2.0);
		assertThat(this.registry.get("gatehouse.introspections").tag("result", "inactive").counter().count())
			.isEqualTo(1.0);
	}

	@Test
	void failedClientAuthenticationIsCountedByMethodWithoutTheClaimedClientId() {
		this.metrics.on(new ClientEvent("client_authentication.failed", false, "made-up-client", "client_secret_basic",
				"unknown client"));
		this.metrics.on(new ClientEvent("client_authentication.failed", false, "demo-client", "client_secret_post",
				"secret does not match"));
		this.metrics.on(new ClientEvent("client_authentication.failed", false, "other-made-up", "client_secret_basic",
				"unknown client"));

		assertThat(this.registry.get("gatehouse.client.authentication.failures")
			.tag("method", "client_secret_basic")
			.counter()
			.count()).isEqualTo(2.0);
		assertThat(this.registry.get("gatehouse.client.authentication.failures")
			.tag("method", "client_secret_post")
			.counter()
			.count()).isEqualTo(1.0);
		assertThat(this.registry.find("gatehouse.client.authentication.failures").counters())
			.allSatisfy((counter) -> assertThat(counter.getId().getTag("client")).isNull());
	}

	@Test
	void otherClientEventsAreNotCounted() {
		this.metrics.on(new ClientEvent("client.created", true, "a", null, null));

		assertThat(this.registry.getMeters()).isEmpty();
	}

	private double issuedCount(String clientTag) {
		return this.registry.get("gatehouse.tokens.issued")
			.tags("grant_type", "client_credentials", "client", clientTag)
			.counter()
			.count();
	}

	private static TokenEvent issued(String clientId) {
		return new TokenEvent("access_token.issued", true, clientId, clientId, Set.of(), "jti", null)
			.withGrantType("client_credentials");
	}

	private static TokenEvent introspected(boolean active) {
		return new TokenEvent("token.introspected", active, "api", "a", Set.of(), "jti", null);
	}

}
