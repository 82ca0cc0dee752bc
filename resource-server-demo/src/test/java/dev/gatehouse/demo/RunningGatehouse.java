package dev.gatehouse.demo;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.testing.Browser;
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

	public static final String ADMIN_PASSWORD = NoSecretsInOutput.remember("e2e-admin-password-" + UUID.randomUUID());

	/** The public demo app the server creates on first start, and its redirect URI. */
	public static final String APP_ID = "demo-app";

	public static final String APP_REDIRECT_URI = "http://127.0.0.1:9876/callback";

	private static final Path WORKING_DIRECTORY = Path.of("target", "e2e-gatehouse-" + UUID.randomUUID());

	private static GatehouseProcess server;

	/** A P-256 key the server imports on first start (as a 0.1 key file) and signs with, so tests know it. */
	private static KeyPair seededKey;

	private RunningGatehouse() {
	}

	public static synchronized String issuer() {
		if (server == null) {
			seededKey = seedSigningKey();
			server = GatehouseProcess.start(WORKING_DIRECTORY, FreePort.find(),
					Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_ID", CLIENT_ID, "GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", CLIENT_SECRET,
							"GATEHOUSE_BOOTSTRAP_INTROSPECTOR_ID", INTROSPECTOR_ID,
							"GATEHOUSE_BOOTSTRAP_INTROSPECTOR_SECRET", INTROSPECTOR_SECRET,
							"GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD));
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		}
		return server.issuer();
	}

	/** Creates a user with the server's own command line, as an operator would; returns their password. */
	public static String addUser(String username, String... roles) {
		issuer();
		String password = NoSecretsInOutput.remember("e2e-user-password-" + UUID.randomUUID());
		String[] arguments = new String[roles.length + 2];
		arguments[0] = "add";
		arguments[1] = username;
		System.arraycopy(roles, 0, arguments, 2, roles.length);
		server.user(password, arguments);
		return password;
	}

	/**
	 * The demo app's tokens for a user: the authorization code flow with PKCE as a browser runs it (sign-in
	 * form, consent page), then the code exchange as the public app makes it.
	 */
	public static Map<String, Object> userTokens(String username, String password, String scope) {
		Browser browser = new Browser(issuer());
		String verifier = Browser.newVerifier();
		browser.get(browser.authorizeUrl(Browser.codeRequest(APP_ID, APP_REDIRECT_URI, scope, "st", verifier)));
		HttpResponse<String> page = browser.followOnServer(browser.signIn(username, password));
		HttpResponse<String> redirect = Browser.isRedirect(page) ? page
				: browser.followOnServer(browser.answerConsent(page, true));
		String code = NoSecretsInOutput.remember(Browser.query(Browser.location(redirect)).get("code"));
		OAuthHttp.Response tokens = http().post("/oauth2/token", null, null, OAuthHttp.p("grant_type", "authorization_code"),
				OAuthHttp.p("code", code), OAuthHttp.p("redirect_uri", APP_REDIRECT_URI),
				OAuthHttp.p("code_verifier", verifier), OAuthHttp.p("client_id", APP_ID));
		if (tokens.status() != 200) {
			throw new IllegalStateException("code exchange failed: " + tokens.body());
		}
		NoSecretsInOutput.remember(tokens.json().get("access_token").toString());
		NoSecretsInOutput.remember(tokens.json().get("refresh_token").toString());
		return tokens.json();
	}

	public static OAuthHttp http() {
		return new OAuthHttp(issuer());
	}

	public static String output() {
		issuer();
		return server.output();
	}

	/**
	 * A token signed with the server's own (imported) key, for claims the server cannot be asked for (an
	 * expired token, a foreign audience).
	 */
	public static String signWithServerKey(JWSHeader header, JWTClaimsSet claims) throws Exception {
		issuer();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(header).keyID(seededKeyId()).build(), claims);
		jwt.sign(new ECDSASigner((ECPrivateKey) seededKey.getPrivate()));
		return NoSecretsInOutput.remember(jwt.serialize());
	}

	private static String seededKeyId() throws Exception {
		return new ECKey.Builder(Curve.P_256, (ECPublicKey) seededKey.getPublic()).build().computeThumbprint().toString();
	}

	private static KeyPair seedSigningKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			Path keys = Files.createDirectories(WORKING_DIRECTORY.resolve("keys"));
			Files.writeString(keys.resolve("signing-key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
			Files.writeString(keys.resolve("signing-key.pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
			return pair;
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot seed a signing key", ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(der) + "\n-----END " + type + "-----\n";
	}

}
