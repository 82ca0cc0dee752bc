package dev.gatehouse.auth.client;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * On first start (an empty client registry) creates the demo client, the demo API's introspection client
 * and the public demo app (authorization code + PKCE, no secret). Secrets it generates are printed once to standard output, never to a log; secrets taken from
 * configuration are not printed at all. A second start finds clients and does nothing.
 */
@Component
@Order(1)
final class ClientBootstrap implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(ClientBootstrap.class);

	private final JdbcClientRegistry registry;

	private final BootstrapProperties properties;

	private final PrintStream console;

	@Autowired
	ClientBootstrap(JdbcClientRegistry registry, BootstrapProperties properties) {
		this(registry, properties, System.out);
	}

	ClientBootstrap(JdbcClientRegistry registry, BootstrapProperties properties, PrintStream console) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.properties = Objects.requireNonNull(properties, "properties");
		this.console = Objects.requireNonNull(console, "console");
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.properties.enabled() || this.registry.count() > 0) {
			return;
		}
		List<String> shown = new ArrayList<>();
		BootstrapProperties.Credentials demo = this.properties.client();
		BootstrapProperties.Credentials introspector = this.properties.introspector();
		try {
			ClientSecret demoSecret = secretFor(demo, "DEMO_CLIENT", shown);
			ClientSecret introspectorSecret = secretFor(introspector, "INTROSPECTOR", shown);
			this.registry.register(Client.builder(demo.id())
				.name("Demo client")
				.scopes(Set.of("read:reports", "write:reports"))
				.audiences(Set.of(this.properties.audience()))
				.secret(demoSecret.hash())
				.build());
			this.registry.register(Client.builder(introspector.id())
				.name("Demo API (introspection)")
				.mayIntrospect(true)
				.secret(introspectorSecret.hash())
				.build());
			this.registry.register(Client.builder(BootstrapProperties.DEMO_APP_ID)
				.name("Demo app")
				.publicClient()
				.scopes(Set.of("read:reports", "write:reports"))
				.audiences(Set.of(this.properties.audience()))
				.redirectUris(List.of(this.properties.appRedirectUri()))
				.build());
		}
		catch (DuplicateKeyException ex) {
			logger.info("Another Gatehouse instance created the bootstrap clients first");
			return;
		}
		logger.info("Created bootstrap clients '" + demo.id() + "', '" + introspector.id() + "' and '"
				+ BootstrapProperties.DEMO_APP_ID + "'");
		show(demo, introspector, shown);
	}

	private static ClientSecret secretFor(BootstrapProperties.Credentials credentials, String name,
			List<String> shown) {
		if (credentials.hasSecret()) {
			return ClientSecret.of(credentials.secret());
		}
		ClientSecret secret = ClientSecret.generate();
		shown.add("export " + name + "_SECRET=" + secret.reveal());
		return secret;
	}

	private void show(BootstrapProperties.Credentials demo, BootstrapProperties.Credentials introspector,
			List<String> shownSecrets) {
		if (shownSecrets.isEmpty()) {
			return;
		}
		StringBuilder text = new StringBuilder();
		text.append(System.lineSeparator())
			.append("Gatehouse created its demo clients. Their generated secrets are shown ONLY THIS ONCE;")
			.append(System.lineSeparator())
			.append("paste these lines into the shell you will use for the walk-through:")
			.append(System.lineSeparator())
			.append(System.lineSeparator())
			.append("  export DEMO_CLIENT_ID=").append(demo.id()).append(System.lineSeparator())
			.append("  export INTROSPECTOR_ID=").append(introspector.id()).append(System.lineSeparator());
		shownSecrets.forEach((line) -> text.append("  ").append(line).append(System.lineSeparator()));
		this.console.println(text);
		this.console.flush();
	}

}
