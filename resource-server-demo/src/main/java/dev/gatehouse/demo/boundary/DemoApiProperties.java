package dev.gatehouse.demo.boundary;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the demo API trusts tokens ({@code gatehouse.demo.*}).
 *
 * @param issuer the Gatehouse issuer to trust; {@code GATEHOUSE_ISSUER}, the same variable the server reads
 * @param audience the {@code aud} this API requires in every token
 * @param tokenValidation {@code jwt} to verify tokens locally against the JWKS, {@code introspection} to
 * ask the server about every token
 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
 * @param introspection the API's own client credentials, for introspection mode
 * @param jwksCacheTtl how long the JWKS is cached (Gatehouse's {@code Cache-Control: max-age})
 * @param jwksRefetchInterval the least time between two fetches of the JWKS triggered by an unknown {@code kid}
 */
@ConfigurationProperties("gatehouse.demo")
public record DemoApiProperties(@DefaultValue("http://localhost:9000") URI issuer,
		@DefaultValue("demo-api") String audience, @DefaultValue("jwt") TokenValidation tokenValidation,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue Introspection introspection,
		@DefaultValue("15m") Duration jwksCacheTtl, @DefaultValue("30s") Duration jwksRefetchInterval) {

	public enum TokenValidation {

		JWT, INTROSPECTION

	}

	/**
	 * The API's client credentials at the introspection endpoint.
	 *
	 * @param clientId its client id
	 * @param clientSecret its secret
	 */
	public record Introspection(@DefaultValue("demo-api") String clientId, @DefaultValue("") String clientSecret) {

		@Override
		public String toString() {
			return "Introspection[clientId=" + this.clientId + ", clientSecret=******]";
		}

	}

	String issuerUrl() {
		String text = this.issuer.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
