package dev.gatehouse.auth.keys;

import java.time.Clock;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.gatehouse.auth.cluster.ClusterJobs;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;

/**
 * The key ring and what is built on it: the JWT encoder used by the token endpoint and the JWK source the
 * JWKS endpoint publishes (public members only; private keys are never in a bean that could print them).
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	@Bean
	KeyRing keyRing(JdbcSigningKeyStore store, KeyProperties properties, Clock clock,
			ApplicationEventPublisher events, ClusterJobs cluster) {
		KeyRing ring = new KeyRing(store, KeyEncryptionKey.load(properties.encryptionKey(), properties.directory()),
				properties, clock, events, cluster);
		ring.refresh();
		return ring;
	}

	/**
	 * Brings the keys up to date once every bean is ready and before the server takes requests (the first
	 * lifecycle phase): then the keys created on a first start reach the audit trail like any later rotation.
	 */
	@Bean
	SmartLifecycle keyRingStart(KeyRing ring, KeyProperties properties, Clock clock) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				if (ring.isEmpty()) {
					// a key from Gatehouse 0.1 (PEM files) keeps signing, so tokens issued before the upgrade stay valid
					LegacyPemSigningKey.read(properties.directory())
						.ifPresent((legacy) -> ring.importKey(legacy, SigningAlgorithm.ES256, clock.instant()));
				}
				ring.rotate();
				this.running = true;
			}

			@Override
			public void stop() {
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

			@Override
			public int getPhase() {
				return Integer.MIN_VALUE;
			}

		};
	}

	@Bean
	JwtEncoder jwtEncoder(KeyRing keyRing) {
		return new KeyRingJwtEncoder(keyRing);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(KeyRing keyRing) {
		return (selector, context) -> selector.select(new JWKSet(keyRing.publishedKeys()));
	}

}
