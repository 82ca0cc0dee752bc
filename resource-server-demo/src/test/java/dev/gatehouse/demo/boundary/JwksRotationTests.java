package dev.gatehouse.demo.boundary;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The demo API's token processor against a JWKS endpoint the test controls: keys rotate in without a
 * restart, ES256, RS256 and EdDSA verify, and unknown {@code kid}s refetch the JWKS at most once per
 * refetch interval.
 */
class JwksRotationTests {

	private HttpServer jwksServer;

	private final List<JWK> published = new ArrayList<>();

	private final AtomicInteger fetches = new AtomicInteger();

	private DefaultJWTProcessor<SecurityContext> processor;

	private JwtDecoder decoder;

	@BeforeEach
	void startJwksServer() throws IOException {
		this.jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.jwksServer.createContext("/oauth2/jwks", (exchange) -> {
			this.fetches.incrementAndGet();
			byte[] body;
			synchronized (this.published) {
				body = new JWKSet(this.published).toString().getBytes(StandardCharsets.UTF_8);
			}
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.jwksServer.start();
		String issuer = "http://127.0.0.1:" + this.jwksServer.getAddress().getPort();
		DemoApiProperties properties = new DemoApiProperties(URI.create(issuer), "demo-api",
				DemoApiProperties.TokenValidation.JWT, Duration.ofSeconds(30),
				new DemoApiProperties.Introspection("demo-api", ""), Duration.ofMinutes(15), Duration.ofMinutes(10));
		this.processor = TokenValidationConfiguration.jwtProcessor(properties);
		this.decoder = new TokenValidationConfiguration().jwtDecoder(properties);
	}

	@AfterEach
	void stopJwksServer() {
		this.jwksServer.stop(0);
	}

	@Test
	void keyRotatedInIsFetchedOnFirstUseWithoutRestart() throws Exception {
		ECKey first = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		publish(first);
		assertThat(this.processor.process(sign(first, JWSAlgorithm.ES256), null).getSubject()).isEqualTo("s");

		ECKey second = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
		publish(second);

		assertThat(this.processor.process(sign(second, JWSAlgorithm.ES256), null).getSubject()).isEqualTo("s");
		assertThat(this.processor.process(sign(first, JWSAlgorithm.ES256), null).getSubject()).isEqualTo("s");
		assertThat(this.fetches.get()).isEqualTo(2);
	}

	@Test
	void unknownKidsRefetchAtMostOncePerInterval() throws Exception {
		ECKey known = new ECKeyGenerator(Curve.P_256).keyID("known").generate();
		publish(known);
		this.processor.process(sign(known, JWSAlgorithm.ES256), null);
		int before = this.fetches.get();

		for (int i = 0; i < 20; i++) {
			ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("unknown-" + i).generate();
			String token = sign(stranger, JWSAlgorithm.ES256);
			assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> this.processor.process(token, null));
			// what the API answers with: a bad token (401), never a server error
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token));
		}

		// 40 tokens with unknown kids; Nimbus allows two retrievals per interval per source (two sources here)
		assertThat(this.fetches.get() - before).isLessThanOrEqualTo(4);
	}

	@Test
	void rs256AndEdDsaTokensVerify() throws Exception {
		RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
		KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		byte[] spki = ed.getPublic().getEncoded();
		OctetKeyPair edJwk = new OctetKeyPair.Builder(Curve.Ed25519,
				Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length)))
			.keyID("ed")
			.algorithm(JWSAlgorithm.EdDSA)
			.build();
		publish(rsa, edJwk);

		assertThat(this.processor.process(sign(rsa, JWSAlgorithm.RS256), null).getSubject()).isEqualTo("s");
		String edToken = signEd25519(ed, "ed");
		assertThat(this.processor.process(edToken, null).getSubject()).isEqualTo("s");

		String[] parts = edToken.split("\\.");
		String tampered = parts[0] + "." + new JWTClaimsSet.Builder().subject("mallory").build().toPayload().toBase64URL()
				+ "." + parts[2];
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> this.processor.process(tampered, null));
	}

	private void publish(JWK... keys) {
		synchronized (this.published) {
			for (JWK key : keys) {
				this.published.add(key.toPublicJWK());
			}
		}
	}

	private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
		return new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(kid).build();
	}

	private static JWTClaimsSet claims() {
		return new JWTClaimsSet.Builder().subject("s").jwtID(UUID.randomUUID().toString()).build();
	}

	private static String sign(JWK key, JWSAlgorithm algorithm) throws Exception {
		SignedJWT jwt = new SignedJWT(header(algorithm, key.getKeyID()), claims());
		jwt.sign((key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
		return jwt.serialize();
	}

	private static String signEd25519(KeyPair pair, String kid) throws Exception {
		String input = header(JWSAlgorithm.EdDSA, kid).toBase64URL() + "." + claims().toPayload().toBase64URL();
		Signature signature = Signature.getInstance("Ed25519");
		signature.initSign(pair.getPrivate());
		signature.update(input.getBytes(StandardCharsets.US_ASCII));
		return input + "." + Base64URL.encode(signature.sign());
	}

}
