package dev.gatehouse.auth.keys;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The signing key and what is built on it: the JWK source (published by the JWKS endpoint, which writes
 * public members only) and the JWT encoder used by the token endpoint. The private key itself is never a
 * bean: a JWK's {@code toString()} would print it.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	private final ECKey signingJwk;

	KeysConfiguration(KeyProperties properties) {
		this.signingJwk = new PemSigningKeyFiles(properties.directory()).loadOrGenerate();
	}

	@Bean
	SigningKey signingKey() {
		return new SigningKey(this.signingJwk.getKeyID(),
				SignatureAlgorithm.from(this.signingJwk.getAlgorithm().getName()));
	}

	@Bean
	JWKSource<SecurityContext> jwkSource() {
		return new ImmutableJWKSet<>(new JWKSet(this.signingJwk));
	}

	@Bean
	JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource) {
		return new NimbusJwtEncoder(jwkSource);
	}

}
