package dev.gatehouse.auth.client;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The clients created on first start ({@code gatehouse.bootstrap.*}, or the environment variables
 * {@code GATEHOUSE_BOOTSTRAP_CLIENT_ID}, {@code GATEHOUSE_BOOTSTRAP_CLIENT_SECRET},
 * {@code GATEHOUSE_BOOTSTRAP_INTROSPECTOR_ID}, {@code GATEHOUSE_BOOTSTRAP_INTROSPECTOR_SECRET}).
 * A secret left empty is generated and printed once to standard output.
 *
 * @param enabled whether to create the demo clients on an empty registry
 * @param client the demo client ({@code client_credentials}, scopes {@code read:reports write:reports})
 * @param introspector the demo API's client, which may introspect tokens
 * @param audience the audience of the demo client's tokens: the demo API
 * @param appRedirectUri the redirect URI of {@code demo-app}, the public client (a browser or mobile app) of the
 * user walk-through; nothing needs to listen there, the code is read off the address bar
 */
@ConfigurationProperties("gatehouse.bootstrap")
public record BootstrapProperties(@DefaultValue("true") boolean enabled, Credentials client,
		Credentials introspector, @DefaultValue("demo-api") String audience,
		@DefaultValue("http://127.0.0.1:9876/callback") String appRedirectUri) {

	/** The client id of the public demo app. */
	public static final String DEMO_APP_ID = "demo-app";

	public BootstrapProperties {
		client = Credentials.withDefaultId(client, "demo-client");
		introspector = Credentials.withDefaultId(introspector, "demo-api");
	}

	/**
	 * A bootstrap client's credentials.
	 *
	 * @param id its client id
	 * @param secret its secret, or empty to generate one
	 */
	public record Credentials(String id, String secret) {

		@Override
		public String toString() {
			return "Credentials[id=" + this.id + ", secret=" + (hasSecret() ? "******" : "<generate>") + "]";
		}

		static Credentials withDefaultId(Credentials credentials, String defaultId) {
			if (credentials == null) {
				return new Credentials(defaultId, null);
			}
			boolean noId = credentials.id() == null || credentials.id().isBlank();
			return noId ? new Credentials(defaultId, credentials.secret()) : credentials;
		}

		boolean hasSecret() {
			return this.secret != null && !this.secret.isEmpty();
		}

	}

}
