package dev.gatehouse.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The demo API: a resource server that trusts Gatehouse tokens. Authentication happens at the boundary
 * ({@code boundary}); controllers only ever see a {@link dev.gatehouse.demo.boundary.Caller}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DemoApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApiApplication.class, args);
	}

}
