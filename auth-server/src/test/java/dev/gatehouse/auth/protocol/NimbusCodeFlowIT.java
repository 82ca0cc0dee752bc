package dev.gatehouse.auth.protocol;

import java.net.URI;
import java.net.http.HttpResponse;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.gatehouse.auth.UserFlowTest;
import dev.gatehouse.auth.testing.Browser;
import dev.gatehouse.auth.testing.NoSecretsInOutput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user flow driven by an independent client library, Nimbus OAuth 2.0 SDK: it discovers the server,
 * builds the authorization request with its own PKCE, validates the response's {@code state} and
 * {@code iss} (RFC 9207), exchanges the code, refreshes, and revokes as a public client.
 */
class NimbusCodeFlowIT extends UserFlowTest {

	@Test
	void nimbusRunsTheCodeFlowWithPkceRefreshesAndRevokes() throws Exception {
		TestClient app = newPublicClient();
		TestUser user = newUser("user");
		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.resolve(new Issuer(ISSUER));
		assertThat(metadata.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
		assertThat(metadata.supportsAuthorizationResponseIssuerParam()).isTrue();
		CodeVerifier verifier = new CodeVerifier();
		State state = new State();
		ClientID clientId = new ClientID(app.id());
		URI request = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), clientId)
			.endpointURI(metadata.getAuthorizationEndpointURI())
			.redirectionURI(URI.create(REDIRECT_URI))
			.scope(new Scope("read:reports"))
			.state(state)
			.codeChallenge(verifier, CodeChallengeMethod.S256)
			.build()
			.toURI();

		Browser browser = new Browser(ISSUER);
		browser.get(request.toString());
		HttpResponse<String> consent = browser.followOnServer(browser.signIn(user.username(), user.password()));
		String redirect = Browser.location(browser.answerConsent(consent, true));
		AuthorizationResponse response = AuthorizationResponse.parse(URI.create(redirect));

		assertThat(response.indicatesSuccess()).isTrue();
		AuthorizationSuccessResponse success = response.toSuccessResponse();
		assertThat(success.getState()).isEqualTo(state);
		assertThat(success.getIssuer()).isEqualTo(metadata.getIssuer());
		NoSecretsInOutput.remember(success.getAuthorizationCode().getValue());

		Tokens tokens = tokens(new TokenRequest(metadata.getTokenEndpointURI(), clientId,
				new AuthorizationCodeGrant(success.getAuthorizationCode(), URI.create(REDIRECT_URI), verifier)));
		assertThat(tokens.getAccessToken().getScope()).isEqualTo(new Scope("read:reports"));
		RefreshToken first = tokens.getRefreshToken();
		Tokens refreshed = tokens(new TokenRequest(metadata.getTokenEndpointURI(), clientId, new RefreshTokenGrant(first)));
		assertThat(refreshed.getRefreshToken()).isNotEqualTo(first);

		var revocation = new TokenRevocationRequest(metadata.getRevocationEndpointURI(), clientId,
				refreshed.getRefreshToken()).toHTTPRequest().send();
		assertThat(revocation.getStatusCode()).isEqualTo(200);
		TokenResponse afterRevocation = TokenResponse.parse(new TokenRequest(metadata.getTokenEndpointURI(), clientId,
				new RefreshTokenGrant(refreshed.getRefreshToken())).toHTTPRequest().send());
		assertThat(afterRevocation.indicatesSuccess()).isFalse();
		assertThat(((TokenErrorResponse) afterRevocation).getErrorObject().getCode()).isEqualTo("invalid_grant");
	}

	private static Tokens tokens(TokenRequest request) throws Exception {
		TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
		assertThat(response.indicatesSuccess()).as(() -> ((TokenErrorResponse) response).getErrorObject().toString())
			.isTrue();
		Tokens tokens = ((AccessTokenResponse) response).getTokens();
		NoSecretsInOutput.remember(tokens.getAccessToken().getValue());
		NoSecretsInOutput.remember(tokens.getRefreshToken().getValue());
		return tokens;
	}

}
