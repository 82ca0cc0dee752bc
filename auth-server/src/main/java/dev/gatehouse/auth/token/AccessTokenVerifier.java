package dev.gatehouse.auth.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.keys.KeyRing;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Verifies access tokens this server issued: {@code typ: at+jwt}, a {@code kid} the key ring still
 * publishes (a revoked or expired key verifies nothing), the signature with that key's algorithm,
 * expiry on the application clock (no skew: it is our own clock), issuer, and the presence of {@code jti}
 * and {@code client_id}. Anything else, including garbage, is simply not a valid token.
 * <p>
 * A resource server introspects the same token for every request it serves with it, so verified tokens
 * are remembered (bounded, until they expire): a repeat costs a map lookup instead of a signature check.
 * The key is still checked on every call, so revoking it ends its tokens at once.
 */
@Component
public final class AccessTokenVerifier {

	private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType(AccessTokenCustomizer.ACCESS_TOKEN_TYPE);

	private static final int REMEMBERED_LIMIT = 10_000;

	private final KeyRing keys;

	private final Clock clock;

	private final Map<String, Verified> remembered = new ConcurrentHashMap<>();

	public AccessTokenVerifier(KeyRing keys, Clock clock) {
		this.keys = Objects.requireNonNull(keys, "keys");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** The verified token, or empty when {@code token} is not a valid, unexpired access token from {@code issuer}. */
	public Optional<Jwt> verify(String token, String issuer) {
		Verified known = this.remembered.get(token);
		if (known != null) {
			boolean stillValid = this.clock.instant().isBefore(known.jwt().getExpiresAt())
					&& this.keys.verifyingKey(known.keyId()).isPresent() && issuer.equals(known.issuer());
			if (stillValid) {
				return Optional.of(known.jwt());
			}
			this.remembered.remove(token);
		}
		Optional<Jwt> verified = verifySignatureAndClaims(token, issuer);
		verified.ifPresent((jwt) -> remember(token, issuer, jwt));
		return verified;
	}

	private void remember(String token, String issuer, Jwt jwt) {
		if (this.remembered.size() >= REMEMBERED_LIMIT) {
			this.remembered.clear();
		}
		this.remembered.put(token, new Verified(jwt, (String) jwt.getHeaders().get("kid"), issuer));
	}

	private Optional<Jwt> verifySignatureAndClaims(String token, String issuer) {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			if (!ACCESS_TOKEN.equals(jwt.getHeader().getType()) || jwt.getHeader().getKeyID() == null) {
				return Optional.empty();
			}
			Optional<KeyRing.VerifyingKey> key = this.keys.verifyingKey(jwt.getHeader().getKeyID());
			if (key.isEmpty() || !key.get().algorithm().getName().equals(jwt.getHeader().getAlgorithm().getName())
					|| !jwt.verify(key.get().verifier())) {
				return Optional.empty();
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			Instant now = this.clock.instant();
			boolean valid = issuer.equals(claims.getIssuer()) && claims.getExpirationTime() != null
					&& now.isBefore(claims.getExpirationTime().toInstant()) && claims.getIssueTime() != null
					&& claims.getJWTID() != null && claims.getClaim("client_id") instanceof String;
			return valid ? Optional.of(toJwt(token, jwt, claims)) : Optional.empty();
		}
		catch (ParseException | JOSEException | RuntimeException notAToken) {
			return Optional.empty();
		}
	}

	private record Verified(Jwt jwt, String keyId, String issuer) {
	}

	private static Jwt toJwt(String token, SignedJWT jwt, JWTClaimsSet claims) {
		Map<String, Object> values = new LinkedHashMap<>();
		claims.getClaims().forEach((name, value) -> values.put(name, (value instanceof Date date) ? date.toInstant() : value));
		return Jwt.withTokenValue(token)
			.headers((headers) -> headers.putAll(jwt.getHeader().toJSONObject()))
			.claims((all) -> all.putAll(values))
			.build();
	}

}
