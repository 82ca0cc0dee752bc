package dev.gatehouse.auth.keys;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The single P-256 key that Gatehouse 0.1 kept as PEM files ({@code signing-key.pem}, PKCS#8, and
 * {@code signing-key.pub.pem}, SPKI), read with BouncyCastle so an upgraded server imports it once and
 * tokens it signed stay valid. Its {@code kid} is its RFC 7638 thumbprint, as it was.
 */
final class LegacyPemSigningKey {

	static final String PRIVATE_KEY_FILE = "signing-key.pem";

	static final String PUBLIC_KEY_FILE = "signing-key.pub.pem";

	private LegacyPemSigningKey() {
	}

	static Optional<ECKey> read(Path directory) {
		Path privateFile = directory.resolve(PRIVATE_KEY_FILE);
		Path publicFile = directory.resolve(PUBLIC_KEY_FILE);
		if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
			return Optional.empty();
		}
		try {
			if (!(parse(privateFile) instanceof PrivateKeyInfo privateInfo)) {
				throw new IllegalStateException(privateFile + " does not hold a PKCS#8 private key");
			}
			if (!(parse(publicFile) instanceof SubjectPublicKeyInfo publicInfo)) {
				throw new IllegalStateException(publicFile + " does not hold an SPKI public key");
			}
			JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
			ECKey key = new ECKey.Builder(Curve.P_256, (ECPublicKey) converter.getPublicKey(publicInfo))
				.privateKey((ECPrivateKey) converter.getPrivateKey(privateInfo))
				.build();
			return Optional.of(new ECKey.Builder(key).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyIDFromThumbprint()
				.build());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the signing key in " + directory, ex);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot compute the key thumbprint", ex);
		}
	}

	private static Object parse(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
				PEMParser parser = new PEMParser(reader)) {
			return parser.readObject();
		}
	}

}
