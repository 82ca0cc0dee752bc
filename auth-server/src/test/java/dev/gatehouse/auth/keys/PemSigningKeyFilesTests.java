package dev.gatehouse.auth.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PemSigningKeyFilesTests {

	@TempDir
	Path temp;

	@Test
	void loadOrGenerateWhenAbsentThenWritesPkcs8AndSpkiPem() throws Exception {
		Path directory = this.temp.resolve("keys");

		ECKey key = new PemSigningKeyFiles(directory).loadOrGenerate();

		assertThat(key.isPrivate()).isTrue();
		assertThat(Files.readString(directory.resolve(PemSigningKeyFiles.PRIVATE_KEY_FILE)))
			.startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(Files.readString(directory.resolve(PemSigningKeyFiles.PUBLIC_KEY_FILE)))
			.startsWith("-----BEGIN PUBLIC KEY-----");
	}

	@Test
	void loadOrGenerateWhenAbsentThenPrivateKeyIsOwnerOnly() throws Exception {
		Path directory = this.temp.resolve("keys");

		new PemSigningKeyFiles(directory).loadOrGenerate();

		assertThat(Files.getPosixFilePermissions(directory.resolve(PemSigningKeyFiles.PRIVATE_KEY_FILE)))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
	}

	@Test
	void loadOrGenerateWhenPresentThenSameKey() {
		Path directory = this.temp.resolve("keys");
		ECKey first = new PemSigningKeyFiles(directory).loadOrGenerate();

		ECKey second = new PemSigningKeyFiles(directory).loadOrGenerate();

		assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
		assertThat(second.toPublicJWK()).isEqualTo(first.toPublicJWK());
		assertThat(second.getD()).isEqualTo(first.getD());
	}

	@Test
	void loadOrGenerateWhenFileIsNotAKeyThenClearError() throws Exception {
		Path directory = Files.createDirectories(this.temp.resolve("keys"));
		Files.writeString(directory.resolve(PemSigningKeyFiles.PRIVATE_KEY_FILE), "not a pem file");

		assertThatIllegalStateException().isThrownBy(() -> new PemSigningKeyFiles(directory).loadOrGenerate())
			.withMessageContaining("PKCS#8");
	}

}
