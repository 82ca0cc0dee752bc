package dev.gatehouse.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.keys.KeysCommand;
import dev.gatehouse.auth.user.JdbcUserStore;
import dev.gatehouse.auth.user.UsersCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Gatehouse, a dedicated OAuth 2 authorization server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GatehouseAuthServerApplication {

	public static void main(String[] args) {
		if (args.length > 0 && ("keys".equals(args[0]) || "user".equals(args[0]))) {
			System.exit(command(args));
		}
		SpringApplication.run(GatehouseAuthServerApplication.class, args);
	}

	/**
	 * {@code keys ...} and {@code user ...}: the operator commands, run against the configured database
	 * without starting the server.
	 */
	private static int command(String[] args) {
		List<String> arguments = Arrays.asList(args).subList(1, args.length);
		// the message of a failed start is enough for an operator; Spring Boot's report would repeat it at length
		System.setProperty("logging.level.org.springframework.boot.SpringApplication", "OFF");
		List<String> options = new ArrayList<>(arguments.stream().filter((arg) -> arg.startsWith("--")).toList());
		// as arguments, so they win over application.yml: a key command never creates clients or prints secrets
		options.addAll(List.of("--gatehouse.bootstrap.enabled=false", "--logging.level.root=WARN",
				"--logging.level.org.flywaydb=ERROR"));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GatehouseAuthServerApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(options.toArray(String[]::new))) {
			List<String> command = arguments.stream().filter((arg) -> !arg.startsWith("--")).toList();
			Actor.operator();
			if ("user".equals(args[0])) {
				return new UsersCommand(context.getBean(JdbcUserStore.class), System.out,
						System.getenv("GATEHOUSE_USER_PASSWORD")).run(command);
			}
			return new KeysCommand(context.getBean(KeyRing.class), System.out).run(command);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			return 2;
		}
		catch (RuntimeException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			System.err.println("The command could not run: " + cause.getMessage());
			return 1;
		}
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Ahead of every filter chain: undecodable parameters end here, before anything could log them. */
	@Bean
	FilterRegistrationBean<RequestDecodingFilter> requestDecodingFilter() {
		FilterRegistrationBean<RequestDecodingFilter> registration = new FilterRegistrationBean<>(
				new RequestDecodingFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
