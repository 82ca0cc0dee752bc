package dev.gatehouse.auth.operations;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.gatehouse.auth.client.ClientEvent;
import dev.gatehouse.auth.token.TokenEvent;
import dev.gatehouse.auth.user.SignInEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts what the features publish: tokens issued by grant type and client, refusals by endpoint and OAuth
 * error code, introspections by result, revocations, reuse detections, client authentication failures and
 * sign-ins. Client ids are tags for the first {@code gatehouse.metrics.client-tag-limit} clients this instance
 * sees and {@code (other)} after that, so a deployment with thousands of clients cannot blow up the time series.
 */
@Component
final class TokenMetrics {

	/** Not a possible client id (parentheses are not allowed in one), so no client can merge with it. */
	static final String OTHER = "(other)";

	static final String NONE = "(none)";

	private final MeterRegistry registry;

	private final int clientTagLimit;

	private final Set<String> taggedClients = ConcurrentHashMap.newKeySet();

	TokenMetrics(MeterRegistry registry, MetricsProperties properties) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.clientTagLimit = properties.clientTagLimit();
	}

	@EventListener
	void on(TokenEvent event) {
		switch (event.type()) {
			case "access_token.issued" -> count("gatehouse.tokens.issued", "grant_type", tag(event.grantType()),
					"client", client(event.clientId()));
			case "token.introspected" -> count("gatehouse.introspections", "result",
					event.success() ? "active" : "inactive");
			case "token.revoked" -> count("gatehouse.revocations", "client", client(event.clientId()));
			case "refresh_token.reuse_detected", "authorization_code.reused" -> count("gatehouse.reuse.detected",
					"kind", event.type().substring(0, event.type().indexOf('.')));
			case "refresh_token.rotated" -> count("gatehouse.refresh.rotations", "client", client(event.clientId()));
			default -> {
				if (event.type().endsWith("_request.failed")) {
					count("gatehouse.requests.refused", "endpoint",
							event.type().substring(0, event.type().indexOf("_request")), "error", tag(event.error()));
				}
			}
		}
	}

	@EventListener
	void on(ClientEvent event) {
		if ("client_authentication.failed".equals(event.type())) {
			count("gatehouse.client.authentication.failures", "method", tag(event.method()));
		}
	}

	@EventListener
	void on(SignInEvent event) {
		count("gatehouse.logins", "outcome", event.success() ? "success" : "failure");
	}

	private void count(String name, String... tags) {
		Counter.builder(name).tags(tags).register(this.registry).increment();
	}

	/** The client's own tag while under the limit, else {@code other}. */
	String client(String clientId) {
		if (clientId == null) {
			return NONE;
		}
		if (this.taggedClients.contains(clientId)) {
			return clientId;
		}
		synchronized (this.taggedClients) {
			if (this.taggedClients.size() < this.clientTagLimit) {
				this.taggedClients.add(clientId);
				return clientId;
			}
		}
		return OTHER;
	}

	private static String tag(String value) {
		return (value != null) ? value : NONE;
	}

}
