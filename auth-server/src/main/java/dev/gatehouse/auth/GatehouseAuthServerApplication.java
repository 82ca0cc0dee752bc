package dev.gatehouse.auth;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Gatehouse, a dedicated OAuth 2 authorization server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GatehouseAuthServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatehouseAuthServerApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
