package dev.gatehouse.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientTests {

	private final Instant now = Instant.parse("2026-11-28T12:00:00Z");

	@Test
	void builderWhenDefaultsThenSafe() {
		Client client = Client.builder("c1").build();

		assertThat(client.grantTypes()).containsExactly("client_credentials");
		assertThat(client.enabled()).isTrue();
		assertThat(client.mayIntrospect()).isFalse();
		assertThat(client.scopes()).isEmpty();
	}

	@Test
	void secretMatchesWhenAnyLiveSecretMatchesThenTrue() {
		ClientSecret current = ClientSecret.generate();
		ClientSecret previous = ClientSecret.generate();
		Client client = withSecrets(new Client.StoredSecret(current.hash(), null),
				new Client.StoredSecret(previous.hash(), this.now.plus(1, ChronoUnit.HOURS)));

		assertThat(client.secretMatches(current.reveal(), this.now)).isTrue();
		assertThat(client.secretMatches(previous.reveal(), this.now)).isTrue();
		assertThat(client.secretMatches(ClientSecret.generate().reveal(), this.now)).isFalse();
	}

	@Test
	void secretMatchesWhenSecretExpiredThenFalse() {
		ClientSecret old = ClientSecret.generate();
		Client client = withSecrets(new Client.StoredSecret(old.hash(), this.now.minusSeconds(1)));

		assertThat(client.secretMatches(old.reveal(), this.now)).isFalse();
	}

	@Test
	void secretMatchesWhenNoSecretsThenFalse() {
		assertThat(withSecrets().secretMatches("anything", this.now)).isFalse();
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "has space", "semi;colon", "slash/", "quote\"" })
	void constructorWhenIdHasUnsafeCharactersThenRejected(String id) {
		assertThatIllegalArgumentException().isThrownBy(() -> Client.builder(id).build());
	}

	@Test
	void constructorWhenLifetimeNotPositiveThenRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Client.builder("c1").accessTokenLifetime(Duration.ZERO).build());
	}

	@Test
	void constructorWhenPublicClientHasASecretOrClientCredentialsThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Client.builder("app")
			.publicClient()
			.redirectUris(List.of("https://app.example/cb"))
			.secret(ClientSecret.generate().hash())
			.build());
		assertThatIllegalArgumentException().isThrownBy(() -> Client.builder("app")
			.publicClient()
			.grantTypes(Set.of("client_credentials"))
			.build());
	}

	@Test
	void constructorWhenCodeGrantWithoutRedirectUriThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Client.builder("app").publicClient().build());
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "http://app.example/cb", "https://app.example/cb#fragment", "/relative",
			"custom:/path", "https://app.example/has space" })
	void constructorWhenRedirectUriUnsafeOrUnsupportedThenRejected(String uri) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Client.builder("app").publicClient().redirectUris(List.of(uri)).build());
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "https://app.example/cb", "http://127.0.0.1:9876/callback", "http://localhost/cb",
			"http://[::1]:8080/cb", "https://app.example/cb?tenant=1" })
	void constructorWhenRedirectUriSafeThenAccepted(String uri) {
		assertThat(Client.builder("app").publicClient().redirectUris(List.of(uri)).build().redirectUris())
			.containsExactly(uri);
	}

	private Client withSecrets(Client.StoredSecret... secrets) {
		Client base = Client.builder("c1").scopes(Set.of("a")).build();
		return base.withSecrets(List.of(secrets));
	}

}
