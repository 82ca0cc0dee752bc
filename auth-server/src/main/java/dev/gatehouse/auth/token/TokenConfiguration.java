package dev.gatehouse.auth.token;

import java.time.Clock;

import dev.gatehouse.auth.keys.KeyRing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The token generator: Spring's {@link JwtGenerator} over the key ring's encoder, shaped by
 * {@link AccessTokenCustomizer}, on the application clock (so every time-driven rule shares one clock).
 * It generates access tokens only; no other token type is issued.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder jwtEncoder, KeyRing keys, Clock clock) {
		JwtGenerator jwt = new JwtGenerator(jwtEncoder);
		jwt.setJwtCustomizer(new AccessTokenCustomizer(keys));
		jwt.setClock(clock);
		return new DelegatingOAuth2TokenGenerator(jwt);
	}

}
