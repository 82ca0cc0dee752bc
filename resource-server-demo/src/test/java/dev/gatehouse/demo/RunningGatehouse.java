package dev.gatehouse.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.testing.FreePort;
import dev.gatehouse.auth.testing.GatehouseProcess;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp;

/**
 * The real, packaged authorization server, started once for all of the demo API's end-to-end tests, with
 * its bootstrap clients' credentials taken from the environment as CI and containers would do it.
 */
public final class RunningGatehouse {

	public static final String CLIENT_ID = "demo-client";

	public static final String CLIENT_SECRET = NoSecretsInOutput.remember("e2e-client-secret-" + UUID.randomUUID());

	public static final String INTROSPECTOR_ID = "demo-api";

	public static final String INTROSPECTOR_SECRET = NoSecretsInOutput
		.remember("e2e-introspector-secret-" + UUID.randomUUID());

	private static final Path WORKING_DIRECTORY = Path.of("target", "e2e-gatehouse-" + UUID.randomUUID());

	private static GatehouseProcess server;

	private RunningGatehouse() {
	}

	public static synchronized String issuer() {
		if (server == null) {
			server = GatehouseProcess.start(WORKING_DIRECTORY, FreePort.find(),
					Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_ID", CLIENT_ID, "GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", CLIENT_SECRET,
							"GATEHOUSE_BOOTSTRAP_INTROSPECTOR_ID", INTROSPECTOR_ID,
							"GATEHOUSE_BOOTSTRAP_INTROSPECTOR_SECRET", INTROSPECTOR_SECRET));
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		}
		return server.issuer();
	}

	public static OAuthHttp http() {
		return new OAuthHttp(issuer());
	}

	public static String output() {
		issuer();
		return server.output();
	}

	/**
	 * A token signed with the server's own key, for claims the server cannot issue yet (a user's roles
	 * arrive with the authorization code flow).
	 */
	public static String signWithServerKey(JWSHeader header, JWTClaimsSet claims) throws Exception {
		issuer();
		String pem = Files.readString(WORKING_DIRECTORY.resolve("keys/signing-key.pem"), StandardCharsets.US_ASCII);
		byte[] der = Base64.getMimeDecoder()
			.decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
		ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(new ECDSASigner(key));
		return NoSecretsInOutput.remember(jwt.serialize());
	}

}
