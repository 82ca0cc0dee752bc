package dev.gatehouse.auth.keys;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread JWS sign and verify throughput per algorithm and provider, so the choice of signer stays
 * measured. Variants marked "gatehouse" are exactly what {@link SigningAlgorithm} uses; the others are
 * the alternatives it was chosen over ({@code ES256-bc-jca}: BouncyCastle through the JCA, as before the
 * lightweight P-256 signer). Run with {@code bench/signing}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SigningBenchmark {

	/** BouncyCastle as a JCA provider object, for the variants that go through the JCA. */
	private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

	@Param({ "ES256-gatehouse-bc", "ES256-bc-jca", "ES256-jdk", "RS256-gatehouse-jdk", "RS256-bc",
			"EdDSA-gatehouse-bc", "EdDSA-tink" })
	public String variant;

	private JWSHeader header;

	private byte[] input;

	private JWSSigner signer;

	private JWSVerifier verifier;

	private Base64URL signature;

	@Setup
	public void setUp() throws Exception {
		SigningAlgorithm algorithm = SigningAlgorithm.of(this.variant.substring(0, this.variant.indexOf('-')));
		JWK key = algorithm.generate();
		this.header = new JWSHeader.Builder(algorithm.jws()).keyID(key.getKeyID()).build();
		this.input = (this.header.toBase64URL() + ".eyJzdWIiOiJkZW1vLWNsaWVudCIsImF1ZCI6ImRlbW8tYXBpIiwic2NvcGUiOiJyZWFkOnJlcG9ydHMifQ")
			.getBytes(StandardCharsets.US_ASCII);
		switch (this.variant) {
			case "ES256-bc-jca" -> {
				ECDSASigner ec = new ECDSASigner(key.toECKey());
				ec.getJCAContext().setProvider(BOUNCY_CASTLE);
				this.signer = ec;
				ECDSAVerifier ecVerifier = new ECDSAVerifier(key.toECKey().toPublicJWK());
				ecVerifier.getJCAContext().setProvider(BOUNCY_CASTLE);
				this.verifier = ecVerifier;
			}
			case "ES256-jdk" -> {
				this.signer = new ECDSASigner(key.toECKey());
				this.verifier = new ECDSAVerifier(key.toECKey().toPublicJWK());
			}
			case "RS256-bc" -> {
				RSASSASigner rsa = new RSASSASigner(key.toRSAKey());
				rsa.getJCAContext().setProvider(BOUNCY_CASTLE);
				this.signer = rsa;
				RSASSAVerifier rsaVerifier = new RSASSAVerifier(key.toRSAKey().toPublicJWK());
				rsaVerifier.getJCAContext().setProvider(BOUNCY_CASTLE);
				this.verifier = rsaVerifier;
			}
			case "EdDSA-tink" -> {
				this.signer = new Ed25519Signer(key.toOctetKeyPair());
				this.verifier = new Ed25519Verifier(key.toOctetKeyPair().toPublicJWK());
			}
			default -> {
				this.signer = algorithm.signer(key);
				this.verifier = algorithm.verifier(key.toPublicJWK());
			}
		}
		this.signature = this.signer.sign(this.header, this.input);
		if (!this.verifier.verify(this.header, this.input, this.signature)) {
			throw new IllegalStateException(this.variant + " does not verify its own signature");
		}
	}

	@Benchmark
	public Base64URL sign() throws Exception {
		return this.signer.sign(this.header, this.input);
	}

	@Benchmark
	public boolean verify() throws Exception {
		return this.verifier.verify(this.header, this.input, this.signature);
	}

}
