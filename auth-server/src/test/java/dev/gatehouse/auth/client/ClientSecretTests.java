package dev.gatehouse.auth.client;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientSecretTests {

	@Test
	void generateWhenCalledThen256RandomBitsUrlSafeWithPrefix() {
		String value = ClientSecret.generate().reveal();

		assertThat(value).startsWith(ClientSecret.PREFIX);
		String random = value.substring(ClientSecret.PREFIX.length());
		assertThat(random).matches("[A-Za-z0-9_-]+");
		assertThat(Base64.getUrlDecoder().decode(random)).hasSize(32);
	}

	@Test
	void generateWhenCalledManyTimesThenNoRepeats() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			assertThat(seen.add(ClientSecret.generate().reveal())).isTrue();
		}
	}

	@Test
	void toStringWhenCalledThenMasked() {
		ClientSecret secret = ClientSecret.generate();

		assertThat(secret.toString()).doesNotContain(secret.reveal().substring(ClientSecret.PREFIX.length(), 12));
		assertThat(secret.hash().toString()).doesNotContain(secret.hash().hex());
	}

	@Test
	void ofWhenTooShortThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClientSecret.of("short-secret"));
	}

	@Test
	void hashWhenSameSecretThenMatchesOnlyThatSecret() {
		ClientSecret secret = ClientSecret.generate();
		SecretHash hash = secret.hash();

		assertThat(hash.matches(secret.reveal())).isTrue();
		assertThat(hash.matches(secret.reveal() + "x")).isFalse();
		assertThat(hash.matches("")).isFalse();
		assertThat(hash.hex()).hasSize(64).doesNotContain(secret.reveal());
	}

	@Test
	void secretHashWhenNotHexThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretHash("not-a-hash"));
	}

}
