package dev.gatehouse.auth.keys;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * The signing key as two PEM files in the key directory: {@code signing-key.pem} (PKCS#8, owner-readable
 * only) and {@code signing-key.pub.pem} (SPKI). Generated on first start, read on every later start, so
 * tokens signed before a restart stay valid. Read and written with BouncyCastle's PEM support; the key
 * objects themselves are the JDK's.
 */
final class PemSigningKeyFiles {

	private static final Log logger = LogFactory.getLog(PemSigningKeyFiles.class);

	static final String PRIVATE_KEY_FILE = "signing-key.pem";

	static final String PUBLIC_KEY_FILE = "signing-key.pub.pem";

	private final Path directory;

	PemSigningKeyFiles(Path directory) {
		this.directory = Objects.requireNonNull(directory, "directory");
	}

	/** The signing key: read from the directory, or generated and written there when absent. */
	ECKey loadOrGenerate() {
		Path privateFile = this.directory.resolve(PRIVATE_KEY_FILE);
		Path publicFile = this.directory.resolve(PUBLIC_KEY_FILE);
		try {
			if (Files.exists(privateFile)) {
				return toJwk(readPrivate(privateFile), readPublic(publicFile));
			}
			KeyPair pair = generate();
			write(pair);
			ECKey key = toJwk((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
			logger.info("Generated signing key " + key.getKeyID() + " in " + this.directory.toAbsolutePath());
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or write the signing key in " + this.directory, ex);
		}
	}

	private static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("P-256 key generation is unavailable", ex);
		}
	}

	private void write(KeyPair pair) throws IOException {
		createOwnerOnlyDirectory();
		writeAtomically(PUBLIC_KEY_FILE, pem(pair.getPublic()), "rw-r--r--");
		writeAtomically(PRIVATE_KEY_FILE, pem(new JcaPKCS8Generator(pair.getPrivate(), null)), "rw-------");
	}

	private void createOwnerOnlyDirectory() throws IOException {
		if (Files.isDirectory(this.directory)) {
			return;
		}
		if (posix()) {
			Files.createDirectories(this.directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectories(this.directory);
		}
	}

	/** Writes to a temporary file created with its final permissions, then moves it into place. */
	private void writeAtomically(String name, String content, String permissions) throws IOException {
		Path temporary = posix()
				? Files.createTempFile(this.directory, name, ".tmp",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)))
				: Files.createTempFile(this.directory, name, ".tmp");
		Files.writeString(temporary, content, StandardCharsets.US_ASCII);
		Files.move(temporary, this.directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
	}

	private static String pem(Object object) throws IOException {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		return out.toString();
	}

	private static ECPrivateKey readPrivate(Path file) throws IOException {
		Object parsed = parse(file);
		if (!(parsed instanceof PrivateKeyInfo info)) {
			throw new IllegalStateException(file + " does not hold a PKCS#8 private key");
		}
		return (ECPrivateKey) new JcaPEMKeyConverter().getPrivateKey(info);
	}

	private static ECPublicKey readPublic(Path file) throws IOException {
		Object parsed = parse(file);
		if (!(parsed instanceof SubjectPublicKeyInfo info)) {
			throw new IllegalStateException(file + " does not hold an SPKI public key");
		}
		return (ECPublicKey) new JcaPEMKeyConverter().getPublicKey(info);
	}

	private static Object parse(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
				PEMParser parser = new PEMParser(reader)) {
			return parser.readObject();
		}
	}

	private static ECKey toJwk(ECPrivateKey privateKey, ECPublicKey publicKey) {
		try {
			ECKey withoutId = new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey).build();
			return new ECKey.Builder(withoutId).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyIDFromThumbprint()
				.build();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot compute the key thumbprint", ex);
		}
	}

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

}
