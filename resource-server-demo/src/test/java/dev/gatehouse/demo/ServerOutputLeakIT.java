package dev.gatehouse.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization server process behind the end-to-end tests printed none of the secrets it was given
 * and none of the tokens it handed out (checked after whatever tests ran before in this JVM).
 */
class ServerOutputLeakIT extends DemoApiTest {

	@Test
	void serverOutputHoldsNoSecretOrToken() {
		String token = token("read:reports");
		api().get("/api/v1/me", "Authorization", bearer(token));

		String output = RunningGatehouse.output();

		assertThat(output).contains("Started GatehouseAuthServerApplication")
			.doesNotContain(RunningGatehouse.CLIENT_SECRET)
			.doesNotContain(RunningGatehouse.INTROSPECTOR_SECRET)
			.doesNotContain(token);
	}

}
