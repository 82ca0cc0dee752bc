package dev.gatehouse.auth.protocol;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import dev.gatehouse.auth.GatehouseHttpTest;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import dev.gatehouse.auth.testing.OAuthHttp.Response;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metadata (RFC 8414) and JWKS, and interoperability with clients that are not ours: Nimbus' OAuth 2 SDK
 * and Spring Security's OAuth 2 client, both discovering the server from its issuer.
 */
class DiscoveryAndInteropIT extends GatehouseHttpTest {

	@Test
	void metadataListsExactlyWhatIsServed() {
		Response response = this.http.get("/.well-known/oauth-authorization-server");

		assertThat(response.status()).isEqualTo(200);
		Map<String, Object> metadata = response.json();
		assertThat(metadata).containsEntry("issuer", ISSUER)
			.containsEntry("token_endpoint", ISSUER + "/oauth2/token")
			.containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
			.containsEntry("introspection_endpoint", ISSUER + "/oauth2/introspect")
			.containsEntry("revocation_endpoint", ISSUER + "/oauth2/revoke")
			.containsEntry("authorization_endpoint", ISSUER + "/oauth2/authorize")
			.containsEntry("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"))
			.containsEntry("response_types_supported", List.of("code"))
			.containsEntry("code_challenge_methods_supported", List.of("S256"))
			.containsEntry("authorization_response_iss_parameter_supported", true)
			.doesNotContainKeys("device_authorization_endpoint", "pushed_authorization_request_endpoint",
					"registration_endpoint", "userinfo_endpoint");
		for (String key : List.of("token_endpoint_auth_methods_supported", "revocation_endpoint_auth_methods_supported")) {
			assertThat(metadata).containsEntry(key, List.of("client_secret_basic", "client_secret_post", "none"));
		}
		assertThat(metadata).containsEntry("introspection_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post"));
	}

	@Test
	void everyEndpointInTheMetadataAnswers() {
		Map<String, Object> metadata = this.http.get("/.well-known/oauth-authorization-server").json();

		assertThat(this.http.get(path(metadata.get("jwks_uri"))).status()).isEqualTo(200);
		for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
			Response response = this.http.post(path(metadata.get(endpoint)), null, null);
			assertThat(response.status()).as(endpoint).isEqualTo(401);
			assertThat(response.json()).as(endpoint).containsEntry("error", "invalid_client");
		}
	}

	@Test
	void jwksPublishesOnlyPublicMembers() {
		Response response = this.http.get("/oauth2/jwks");

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> keys = (List<Map<String, Object>>) response.json().get("keys");
		assertThat(keys).isNotEmpty();
		for (Map<String, Object> key : keys) {
			assertThat(key).containsKeys("kid", "kty", "alg", "use").containsEntry("use", "sig");
			assertThat(key).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "k");
		}
	}

	@Test
	void unknownPathIsNotFoundProblem() {
		Response response = this.http.get("/no/such/path");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void nimbusSdkDiscoversGetsATokenAndIntrospectsIt() throws Exception {
		TestClient client = newClient();
		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.resolve(new Issuer(ISSUER));

		TokenRequest tokenRequest = new TokenRequest(metadata.getTokenEndpointURI(),
				new ClientSecretBasic(new ClientID(client.id()), new Secret(client.secret())),
				new ClientCredentialsGrant(), new Scope("read:reports"));
		TokenResponse tokenResponse = TokenResponse.parse(tokenRequest.toHTTPRequest().send());
		assertThat(tokenResponse.indicatesSuccess()).isTrue();
		AccessToken token = ((AccessTokenResponse) tokenResponse).getTokens().getAccessToken();
		NoSecretsInOutput.remember(token.getValue());
		assertThat(token.getScope()).isEqualTo(new Scope("read:reports"));

		TokenIntrospectionRequest introspection = new TokenIntrospectionRequest(
				metadata.getIntrospectionEndpointURI(),
				new ClientSecretPost(new ClientID(introspector().id()), new Secret(introspector().secret())), token);
		TokenIntrospectionResponse answer = TokenIntrospectionResponse
			.parse(introspection.toHTTPRequest().send());
		assertThat(answer.indicatesSuccess()).isTrue();
		TokenIntrospectionSuccessResponse success = answer.toSuccessResponse();
		assertThat(success.isActive()).isTrue();
		assertThat(success.getClientID()).isEqualTo(new ClientID(client.id()));
	}

	@Test
	void springOAuth2ClientDiscoversAndGetsAToken() {
		TestClient client = newClient();
		ClientRegistration registration = ClientRegistrations.fromIssuerLocation(ISSUER)
			.registrationId("gatehouse")
			.clientId(client.id())
			.clientSecret(client.secret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("read:reports", "write:reports")
			.build();

		OAuth2AccessTokenResponse response = new RestClientClientCredentialsTokenResponseClient()
			.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration));

		NoSecretsInOutput.remember(response.getAccessToken().getTokenValue());
		assertThat(response.getAccessToken().getScopes()).isEqualTo(Set.of("read:reports", "write:reports"));
		assertThat(response.getAccessToken().getExpiresAt()).isAfter(response.getAccessToken().getIssuedAt());
	}

	private static String path(Object url) {
		return URI.create(url.toString()).getPath();
	}

}
