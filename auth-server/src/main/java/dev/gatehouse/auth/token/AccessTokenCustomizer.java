package dev.gatehouse.auth.token;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.auth.client.GatehouseClientSettings;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.keys.SigningAlgorithm;
import dev.gatehouse.auth.user.SignedInUser;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes access tokens as RFC 9068 JWTs: header {@code typ: at+jwt} and the client's signing algorithm
 * (the key ring adds the {@code kid}); claims {@code client_id}, {@code aud} (the client's audiences), a
 * space-delimited {@code scope}, for a user's token {@code roles} and {@code auth_time} (its {@code sub} is
 * the user id), and {@code cnf} when the client proved possession of a DPoP key. Spring's
 * generator already sets {@code iss}, {@code sub}, {@code iat}, {@code nbf}, {@code exp} and {@code jti}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-2">RFC 9068 §2</a>
 */
final class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	/** The RFC 9068 media type of JWT access tokens, as the {@code typ} header. */
	static final String ACCESS_TOKEN_TYPE = "at+jwt";

	private final KeyRing keys;

	AccessTokenCustomizer(KeyRing keys) {
		this.keys = Objects.requireNonNull(keys, "keys");
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		List<String> audiences = GatehouseClientSettings.audiences(context.getRegisteredClient());
		if (audiences.isEmpty()) {
			// RFC 9068 §2.2: aud is REQUIRED; a client without an audience (such as a resource server's
			// introspection client) has no business holding access tokens
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"The client has no audience to issue access tokens for", null));
		}
		// RFC 9068 §2.1: "JWT access tokens MUST include this media type in the typ header parameter"
		context.getJwsHeader().type(ACCESS_TOKEN_TYPE).algorithm(algorithm(context));
		context.getClaims().claims((claims) -> {
			claims.put("client_id", context.getRegisteredClient().getClientId());
			claims.put(JwtClaimNames.AUD, audiences);
			// RFC 9068 §2.2.3: scope is a space-delimited string, as in RFC 8693 §4.2
			if (context.getAuthorizedScopes().isEmpty()) {
				claims.remove(OAuth2ParameterNames.SCOPE);
			}
			else {
				claims.put(OAuth2ParameterNames.SCOPE, String.join(" ", new TreeSet<>(context.getAuthorizedScopes())));
			}
			if (context.getPrincipal().getPrincipal() instanceof SignedInUser user) {
				// a user's token: roles for the resource server's role checks (the demo API's admin-only routes)
				// and when the user last proved their password (OpenID Connect Core §2 auth_time)
				claims.put("roles", user.user().roles().stream().sorted().toList());
				claims.put("auth_time", user.authenticatedAt());
			}
			Jwt proof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
			if (proof != null) {
				// RFC 9449 §6.1: a DPoP-bound token carries the JWK SHA-256 thumbprint of the proof key
				claims.put("cnf", Map.of("jkt", thumbprint(proof)));
			}
		});
	}

	private SigningAlgorithm algorithm(JwtEncodingContext context) {
		try {
			return this.keys.algorithmFor(GatehouseClientSettings.signingAlgorithm(context.getRegisteredClient()));
		}
		catch (IllegalArgumentException notEnabled) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"The client's signing algorithm is not enabled on this server", null));
		}
	}

	private static String thumbprint(Jwt proof) {
		try {
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) proof.getHeaders().get("jwk");
			return JWK.parse(jwk).computeThumbprint().toString();
		}
		catch (Exception ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error("invalid_dpop_proof",
					"The DPoP proof has no valid jwk header", null));
		}
	}

}
