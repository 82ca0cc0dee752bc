package dev.gatehouse.demo.boundary;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokenValidatorTests {

	private final DemoApiProperties properties = new DemoApiProperties(URI.create("http://issuer.test"), "demo-api",
			DemoApiProperties.TokenValidation.JWT, Duration.ofSeconds(30),
			new DemoApiProperties.Introspection("demo-api", ""), Duration.ofMinutes(15), Duration.ofSeconds(30));

	private final OAuth2TokenValidator<Jwt> validator = TokenValidationConfiguration
		.accessTokenValidator(this.properties);

	@Test
	void validateWhenRfc9068TokenThenSuccess() {
		assertThat(this.validator.validate(token().build()).hasErrors()).isFalse();
	}

	@Test
	void validateWhenExpiredBeyondSkewThenError() {
		Instant past = Instant.now().minusSeconds(120);
		assertThat(this.validator.validate(token().issuedAt(past.minusSeconds(60)).expiresAt(past).build())
			.hasErrors()).isTrue();
	}

	@Test
	void validateWhenExpiredWithinSkewThenSuccess() {
		Instant justNow = Instant.now().minusSeconds(10);
		assertThat(this.validator.validate(token().issuedAt(justNow.minusSeconds(60)).expiresAt(justNow).build())
			.hasErrors()).isFalse();
	}

	@Test
	void validateWhenNotYetValidBeyondSkewThenError() {
		assertThat(this.validator.validate(token().notBefore(Instant.now().plusSeconds(120)).build()).hasErrors())
			.isTrue();
	}

	@Test
	void validateWhenTypeIsPlainJwtThenError() {
		assertThat(this.validator.validate(token().header("typ", "JWT").build()).hasErrors()).isTrue();
	}

	@Test
	void validateWhenOtherIssuerThenError() {
		assertThat(this.validator.validate(token().issuer("http://evil.test").build()).hasErrors()).isTrue();
	}

	@Test
	void validateWhenClientIdMissingThenError() {
		assertThat(this.validator.validate(token().claims((claims) -> claims.remove("client_id")).build()).hasErrors())
			.isTrue();
	}

	private static Jwt.Builder token() {
		Instant now = Instant.now();
		return Jwt.withTokenValue("t")
			.header("alg", "ES256")
			.header("typ", "at+jwt")
			.issuer("http://issuer.test")
			.subject("demo-client")
			.audience(List.of("demo-api"))
			.claims((claims) -> claims.putAll(Map.of("client_id", "demo-client", "jti", "j1")))
			.issuedAt(now)
			.expiresAt(now.plusSeconds(300));
	}

}
