package dev.gatehouse.auth.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KeyEncryptionKeyTests {

	@TempDir
	Path temp;

	@Test
	void encryptThenDecryptRoundTrips() {
		KeyEncryptionKey kek = KeyEncryptionKey.load("", this.temp.resolve("keys"));
		byte[] secret = "{\"d\":\"private\"}".getBytes(StandardCharsets.UTF_8);

		String sealed = kek.encrypt(secret, "kid-1");

		assertThat(sealed).doesNotContain("private");
		assertThat(kek.decrypt(sealed, "kid-1")).isEqualTo(secret);
		assertThat(kek.encrypt(secret, "kid-1")).as("random nonce").isNotEqualTo(sealed);
	}

	@Test
	void decryptWhenBoundToAnotherKeyIdThenRefused() {
		KeyEncryptionKey kek = KeyEncryptionKey.load("", this.temp.resolve("keys"));
		String sealed = kek.encrypt(new byte[] { 1, 2, 3 }, "kid-1");

		assertThatIllegalStateException().isThrownBy(() -> kek.decrypt(sealed, "kid-2"));
	}

	@Test
	void decryptWhenOtherKeyEncryptionKeyThenRefusedWithoutDetail() {
		String sealed = KeyEncryptionKey.load("", this.temp.resolve("a")).encrypt(new byte[] { 1 }, "kid");

		assertThatIllegalStateException()
			.isThrownBy(() -> KeyEncryptionKey.load("", this.temp.resolve("b")).decrypt(sealed, "kid"))
			.withMessageContaining("wrong key-encryption key")
			.withNoCause();
	}

	@Test
	void loadWhenAbsentThenGeneratedOwnerOnlyAndReused() throws Exception {
		Path directory = this.temp.resolve("keys");
		String sealed = KeyEncryptionKey.load("", directory).encrypt(new byte[] { 7 }, "kid");

		assertThat(Files.getPosixFilePermissions(directory.resolve(KeyEncryptionKey.FILE)))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
		assertThat(KeyEncryptionKey.load("", directory).decrypt(sealed, "kid")).containsExactly(7);
	}

	@Test
	void loadWhenSeveralInstancesStartTogetherOnOneDirectoryThenAllUseTheFirstKeyWritten() throws Exception {
		ExecutorService instances = Executors.newFixedThreadPool(6);
		try {
			for (int round = 0; round < 20; round++) {
				Path directory = this.temp.resolve("shared-" + round);
				CyclicBarrier together = new CyclicBarrier(6);
				List<Future<KeyEncryptionKey>> loaded = new ArrayList<>();
				for (int instance = 0; instance < 6; instance++) {
					loaded.add(instances.submit(() -> {
						together.await();
						return KeyEncryptionKey.load("", directory);
					}));
				}
				String sealed = loaded.get(0).get().encrypt(new byte[] { 42 }, "kid");
				for (Future<KeyEncryptionKey> other : loaded) {
					assertThat(other.get().decrypt(sealed, "kid")).containsExactly(42);
				}
				try (Stream<Path> files = Files.list(directory)) {
					assertThat(files.map((file) -> file.getFileName().toString())).containsExactly(KeyEncryptionKey.FILE);
				}
			}
		}
		finally {
			instances.shutdownNow();
		}
	}

	@Test
	void loadWhenConfiguredThenUsedInsteadOfTheFile() {
		String configured = Base64.getEncoder().encodeToString(new byte[32]);
		String sealed = KeyEncryptionKey.load(configured, this.temp.resolve("a")).encrypt(new byte[] { 9 }, "kid");

		assertThat(KeyEncryptionKey.load(configured, this.temp.resolve("b")).decrypt(sealed, "kid")).containsExactly(9);
		assertThat(Files.exists(this.temp.resolve("a").resolve(KeyEncryptionKey.FILE))).isFalse();
	}

	@Test
	void loadWhenConfiguredKeyHasWrongLengthOrEncodingThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryptionKey.load("c2hvcnQ=", this.temp));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryptionKey.load("not base64!", this.temp));
	}

	@Test
	void toStringWhenCalledThenNoKeyMaterial() {
		assertThat(KeyEncryptionKey.load("", this.temp.resolve("keys")).toString()).isEqualTo("KeyEncryptionKey[******]");
	}

}
