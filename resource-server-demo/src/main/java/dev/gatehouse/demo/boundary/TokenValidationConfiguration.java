package dev.gatehouse.demo.boundary;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;

/**
 * How a bearer token becomes an authentication: either verified locally against Gatehouse's JWKS
 * (RFC 9068 checks: signature by ES256, RS256 or EdDSA, {@code typ at+jwt}, {@code iss}, {@code aud},
 * {@code exp}/{@code nbf} with a small skew), or introspected at Gatehouse (RFC 7662). Either way scopes become {@code SCOPE_x} and the
 * {@code roles} claim becomes {@code ROLE_x}.
 */
@Configuration(proxyBeanMethods = false)
class TokenValidationConfiguration {

	@Bean
	@ConditionalOnProperty(name = "gatehouse.demo.token-validation", havingValue = "jwt", matchIfMissing = true)
	JwtDecoder jwtDecoder(DemoApiProperties properties) throws MalformedURLException {
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(jwtProcessor(properties));
		decoder.setJwtValidator(accessTokenValidator(properties));
		return decoder;
	}

	/**
	 * Nimbus' processor over Gatehouse's JWKS: ES256, RS256 and EdDSA; the JWKS cached as long as Gatehouse
	 * allows, and fetched again when a token names an unknown {@code kid} (a key rotated in), at most once per
	 * {@code jwks-refetch-interval} so garbage tokens cannot make it hammer the server.
	 */
	static DefaultJWTProcessor<SecurityContext> jwtProcessor(DemoApiProperties properties) throws MalformedURLException {
		JWKSource<SecurityContext> fetched = JWKSourceBuilder
			.create(URI.create(properties.issuerUrl() + "/oauth2/jwks").toURL(), new DefaultResourceRetriever(2000, 2000))
			.cache(properties.jwksCacheTtl().toMillis(), 5_000)
			.rateLimited(properties.jwksRefetchInterval().toMillis())
			.refreshAheadCache(false)
			.build();
		// an unknown kid past the refetch limit is simply an unknown key (401), not a server error
		JWKSource<SecurityContext> jwks = (selector, context) -> {
			try {
				return fetched.get(selector, context);
			}
			catch (RateLimitReachedException limited) {
				return List.of();
			}
		};
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"),
				new JOSEObjectType("application/at+jwt")));
		processor.setJWSKeySelector(Ed25519Verification.keySelector(jwks,
				new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256), jwks)));
		processor.setJWSVerifierFactory(Ed25519Verification.verifierFactory());
		// claims are checked by Spring's validators (accessTokenValidator)
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		return processor;
	}

	static OAuth2TokenValidator<Jwt> accessTokenValidator(DemoApiProperties properties) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		// RFC 9068 §4: resource servers "MUST verify that the typ header value is "at+jwt" or "application/at+jwt""
		validators.add(new JwtTypeValidator("at+jwt", "application/at+jwt"));
		validators.add(new JwtIssuerValidator(properties.issuerUrl()));
		validators.add(new JwtAudienceValidator(properties.audience()));
		validators.add(new JwtTimestampValidator(properties.clockSkew()));
		for (String claim : List.of("exp", "iat", "jti", "sub", "client_id")) {
			validators.add(new JwtClaimValidator<Object>(claim, Objects::nonNull));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	@Bean
	Converter<Jwt, AbstractAuthenticationToken> jwtAuthenticationConverter() {
		return (jwt) -> new JwtAuthenticationToken(jwt, authorities(jwt.getClaimAsString("scope"),
				jwt.getClaimAsStringList("roles")), jwt.getSubject());
	}

	@Bean
	@ConditionalOnProperty(name = "gatehouse.demo.token-validation", havingValue = "introspection")
	OpaqueTokenIntrospector opaqueTokenIntrospector(DemoApiProperties properties) {
		SpringOpaqueTokenIntrospector introspector = SpringOpaqueTokenIntrospector
			.withIntrospectionUri(properties.issuerUrl() + "/oauth2/introspect")
			.clientId(properties.introspection().clientId())
			.clientSecret(properties.introspection().clientSecret())
			.build();
		introspector.setAuthenticationConverter((claims) -> principal(claims, properties));
		return introspector;
	}

	private static OAuth2IntrospectionAuthenticatedPrincipal principal(OAuth2TokenIntrospectionClaimAccessor claims,
			DemoApiProperties properties) {
		List<String> audience = claims.getAudience();
		if (audience == null || !audience.contains(properties.audience())) {
			throw new BadOpaqueTokenException("The token is not meant for this API");
		}
		List<String> scopes = claims.getScopes();
		return new OAuth2IntrospectionAuthenticatedPrincipal(claims.getSubject(), claims.getClaims(),
				authorities((scopes != null) ? String.join(" ", scopes) : null, claims.getClaimAsStringList("roles")));
	}

	private static Collection<GrantedAuthority> authorities(String scope, List<String> roles) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		if (scope != null && !scope.isBlank()) {
			for (String value : scope.trim().split(" +")) {
				authorities.add(new SimpleGrantedAuthority(Caller.SCOPE_PREFIX + value));
			}
		}
		if (roles != null) {
			roles.forEach((role) -> authorities.add(new SimpleGrantedAuthority(Caller.ROLE_PREFIX + role)));
		}
		return authorities;
	}

}
