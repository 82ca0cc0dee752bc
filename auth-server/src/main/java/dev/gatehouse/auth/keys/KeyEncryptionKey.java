package dev.gatehouse.auth.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key: AES-256, used with GCM to encrypt private signing keys before they reach the
 * database. Comes from configuration (for clusters) or from an owner-only file in the key directory.
 */
final class KeyEncryptionKey {

	static final String FILE = "key-encryption.key";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	private KeyEncryptionKey(byte[] bytes) {
		if (bytes.length != 32) {
			throw new IllegalArgumentException("the key-encryption key must be 32 bytes (base64 of 256 random bits)");
		}
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/** From {@code configured} (base64) when set, else from the file in {@code directory}, generated when absent. */
	static KeyEncryptionKey load(String configured, Path directory) {
		if (configured != null && !configured.isBlank()) {
			return new KeyEncryptionKey(decode(configured.trim()));
		}
		Path file = directory.resolve(FILE);
		try {
			if (Files.exists(file)) {
				return new KeyEncryptionKey(decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
			}
			byte[] bytes = new byte[32];
			RANDOM.nextBytes(bytes);
			if (!createOwnerOnly(directory, file, Base64.getEncoder().encodeToString(bytes))) {
				// another instance on this key directory created it first: use theirs, or our keys cannot be read
				return new KeyEncryptionKey(decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
			}
			return new KeyEncryptionKey(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the key-encryption key " + file, ex);
		}
	}

	/** AES-GCM with a random nonce; the key id is bound as associated data, so ciphertexts cannot be swapped. */
	String encrypt(byte[] plaintext, String keyId) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			RANDOM.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext);
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	byte[] decrypt(String ciphertext, String keyId) {
		try {
			byte[] bytes = Base64.getDecoder().decode(ciphertext);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
			cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Cannot decrypt signing key " + keyId
					+ ": wrong key-encryption key (gatehouse.keys.encryption-key or " + FILE + ")?");
		}
	}

	private static byte[] decode(String base64) {
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the key-encryption key is not valid base64");
		}
	}

	/**
	 * Writes {@code content} to a temporary file and links it into place, which fails if the file exists:
	 * instances starting together on one key directory agree on the first key written (a rename would let
	 * the last one replace it). Returns whether this call created the file.
	 */
	private static boolean createOwnerOnly(Path directory, Path file, String content) throws IOException {
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		if (!Files.isDirectory(directory)) {
			if (posix) {
				Files.createDirectories(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			else {
				Files.createDirectories(directory);
			}
		}
		Path temporary = posix
				? Files.createTempFile(directory, FILE, ".tmp",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
				: Files.createTempFile(directory, FILE, ".tmp");
		try {
			Files.writeString(temporary, content, StandardCharsets.US_ASCII, StandardOpenOption.SYNC);
			try {
				Files.createLink(file, temporary);
			}
			catch (FileAlreadyExistsException ex) {
				return false;
			}
			catch (UnsupportedOperationException | FileSystemException noHardLinks) {
				// a file system without hard links (vfat, some network shares): a move that refuses to replace
				// (it throws FileAlreadyExistsException if another instance got there first)
				Files.move(temporary, file);
			}
			return true;
		}
		catch (FileAlreadyExistsException ex) {
			return false;
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	@Override
	public String toString() {
		return "KeyEncryptionKey[******]";
	}

}
