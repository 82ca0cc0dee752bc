package dev.gatehouse.auth.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin user ({@code gatehouse.bootstrap.admin.*}, or {@code GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME} and
 * {@code GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD}). An empty password is generated and printed once.
 *
 * @param username the admin's username
 * @param password the admin's password (at least 12 characters), or empty to generate one
 */
@ConfigurationProperties("gatehouse.bootstrap.admin")
public record AdminBootstrapProperties(@DefaultValue("admin") String username, @DefaultValue("") String password) {

	@Override
	public String toString() {
		return "AdminBootstrapProperties[username=" + this.username + ", password=******]";
	}

}
