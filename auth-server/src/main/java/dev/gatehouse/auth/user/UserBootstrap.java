package dev.gatehouse.auth.user;

import java.io.PrintStream;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On first start (no users yet) creates the admin user. A generated password is printed once to standard
 * output, never to a log; a configured one is not printed at all. Later starts do nothing.
 */
@Component
@Order(2)
final class UserBootstrap implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(UserBootstrap.class);

	private final JdbcUserStore users;

	private final AdminBootstrapProperties admin;

	private final boolean enabled;

	private final PrintStream console;

	@Autowired
	UserBootstrap(JdbcUserStore users, AdminBootstrapProperties admin,
			@Value("${gatehouse.bootstrap.enabled:true}") boolean enabled) {
		this(users, admin, enabled, System.out);
	}

	UserBootstrap(JdbcUserStore users, AdminBootstrapProperties admin, boolean enabled, PrintStream console) {
		this.users = Objects.requireNonNull(users, "users");
		this.admin = Objects.requireNonNull(admin, "admin");
		this.enabled = enabled;
		this.console = Objects.requireNonNull(console, "console");
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.enabled || this.users.count() > 0) {
			return;
		}
		boolean generated = this.admin.password().isEmpty();
		Password password = generated ? Password.generate() : Password.of(this.admin.password());
		try {
			this.users.create(this.admin.username(), Set.of("admin"), password);
		}
		catch (IllegalArgumentException taken) {
			logger.info("Another Gatehouse instance created the admin user first");
			return;
		}
		logger.info("Created the admin user '" + this.admin.username() + "'");
		if (generated) {
			String line = System.lineSeparator();
			this.console.println(line + "Gatehouse created its admin user. The generated password is shown ONLY THIS ONCE;"
					+ line + "paste these lines as well (the user walk-through signs in with them):" + line + line
					+ "  export ADMIN_USERNAME=" + this.admin.username() + line
					+ "  export ADMIN_PASSWORD=" + password.reveal() + line);
			this.console.flush();
		}
	}

}
