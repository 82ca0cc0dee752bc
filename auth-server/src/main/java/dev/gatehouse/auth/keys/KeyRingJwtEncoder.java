package dev.gatehouse.auth.keys;

import java.net.URL;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.JwsHeader;

/**
 * Spring's {@link JwtEncoder} seam, signing with the {@link KeyRing}'s current key for the requested
 * algorithm and its fastest signer. Spring's own encoder picks the JDK provider and cannot sign EdDSA; this
 * one sets {@code kid} itself, so callers only choose the algorithm and {@code typ}.
 */
final class KeyRingJwtEncoder implements JwtEncoder {

	private final KeyRing keys;

	KeyRingJwtEncoder(KeyRing keys) {
		this.keys = Objects.requireNonNull(keys, "keys");
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) {
		JwsHeader requested = parameters.getJwsHeader();
		JwsAlgorithm requestedAlgorithm = (requested != null) ? requested.getAlgorithm() : null;
		SigningAlgorithm algorithm = SigningAlgorithm
			.of((requestedAlgorithm != null) ? requestedAlgorithm.getName() : SigningAlgorithm.ES256.getName());
		KeyRing.ActiveKey key = this.keys.signingKey(algorithm);
		JWSHeader.Builder header = new JWSHeader.Builder(algorithm.jws()).keyID(key.keyId());
		if (requested != null && requested.getType() != null) {
			header.type(new JOSEObjectType(requested.getType()));
		}
		JwtClaimsSet claims = parameters.getClaims();
		SignedJWT jwt = new SignedJWT(header.build(), nimbusClaims(claims));
		try {
			jwt.sign(key.signer());
		}
		catch (JOSEException ex) {
			throw new JwtEncodingException("Failed to sign the JWT with key " + key.keyId(), ex);
		}
		Map<String, Object> headers = new LinkedHashMap<>(jwt.getHeader().toJSONObject());
		return new Jwt(jwt.serialize(), claims.getIssuedAt(), claims.getExpiresAt(), headers, claims.getClaims());
	}

	private static JWTClaimsSet nimbusClaims(JwtClaimsSet claims) {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		claims.getClaims().forEach((name, value) -> builder.claim(name, nimbusValue(value)));
		return builder.build();
	}

	private static Object nimbusValue(Object value) {
		if (value instanceof Instant instant) {
			return Date.from(instant);
		}
		if (value instanceof URL url) {
			return url.toExternalForm();
		}
		if (value instanceof Collection<?> collection) {
			return List.copyOf(collection);
		}
		return value;
	}

}
