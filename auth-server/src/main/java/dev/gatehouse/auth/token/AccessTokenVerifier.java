package dev.gatehouse.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Verifies access tokens this server issued: signature against its own keys, {@code typ: at+jwt},
 * expiry (no clock skew: it is our own clock), issuer, and the presence of {@code jti} and
 * {@code client_id}. Anything else, including garbage, is simply not a valid token.
 */
@Component
public final class AccessTokenVerifier {

	private final NimbusJwtDecoder decoder;

	public AccessTokenVerifier(JWKSource<SecurityContext> jwkSource, Clock clock) {
		Objects.requireNonNull(jwkSource, "jwkSource");
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
		timestamps.setClock(clock);
		this.decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
			.jwsAlgorithms((algorithms) -> {
				algorithms.add(SignatureAlgorithm.ES256);
				algorithms.add(SignatureAlgorithm.RS256);
			})
			.build();
		this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtTypeValidator(AccessTokenCustomizer.ACCESS_TOKEN_TYPE), timestamps,
				new JwtClaimValidator<String>("jti", Objects::nonNull),
				new JwtClaimValidator<String>("client_id", Objects::nonNull)));
	}

	/** The verified token, or empty when {@code token} is not a valid, unexpired access token from {@code issuer}. */
	public Optional<Jwt> verify(String token, String issuer) {
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (JwtException notValid) {
			return Optional.empty();
		}
		boolean fromUs = jwt.getIssuer() != null && jwt.getIssuer().toString().equals(issuer);
		return fromUs ? Optional.of(jwt) : Optional.empty();
	}

}
