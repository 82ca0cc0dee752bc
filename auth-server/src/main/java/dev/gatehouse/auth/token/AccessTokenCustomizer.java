package dev.gatehouse.auth.token;

import java.util.Objects;

import dev.gatehouse.auth.client.GatehouseClientSettings;
import dev.gatehouse.auth.keys.SigningKey;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * Shapes access tokens as RFC 9068 JWTs: header {@code typ: at+jwt} and the signing key's {@code alg} and
 * {@code kid}; claims {@code client_id}, {@code aud} (the client's audiences) and a space-delimited
 * {@code scope}. Spring's generator already sets {@code iss}, {@code sub}, {@code iat}, {@code nbf},
 * {@code exp} and {@code jti}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-2">RFC 9068 §2</a>
 */
@Component
public final class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	/** The RFC 9068 media type of JWT access tokens, as the {@code typ} header. */
	public static final String ACCESS_TOKEN_TYPE = "at+jwt";

	private final SigningKey signingKey;

	public AccessTokenCustomizer(SigningKey signingKey) {
		this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		// RFC 9068 §2.1: "JWT access tokens MUST include this media type in the typ header parameter"
		context.getJwsHeader()
			.type(ACCESS_TOKEN_TYPE)
			.algorithm(this.signingKey.algorithm())
			.keyId(this.signingKey.keyId());
		context.getClaims().claims((claims) -> {
			claims.put("client_id", context.getRegisteredClient().getClientId());
			claims.put(JwtClaimNames.AUD, GatehouseClientSettings.audiences(context.getRegisteredClient()));
			// RFC 9068 §2.2.3: scope is a space-delimited string, as in RFC 8693 §4.2
			if (context.getAuthorizedScopes().isEmpty()) {
				claims.remove(OAuth2ParameterNames.SCOPE);
			}
			else {
				claims.put(OAuth2ParameterNames.SCOPE, String.join(" ", context.getAuthorizedScopes()));
			}
		});
	}

}
