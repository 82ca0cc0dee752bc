package dev.gatehouse.auth.operations;

import java.util.Set;

import io.micrometer.common.KeyValue;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Component;

/**
 * Names the protocol endpoints in {@code http.server.requests}: they are served by security filters, not by a
 * controller, so Spring would tag them all {@code uri="UNKNOWN"} and the token endpoint's latency would hide
 * among everything else. Only this fixed set of paths is used as a tag, so callers cannot grow the metric.
 */
@Component
@ConditionalOnWebApplication
final class ProtocolPathObservationConvention extends DefaultServerRequestObservationConvention {

	private final Set<String> protocolPaths;

	ProtocolPathObservationConvention(AuthorizationServerSettings settings) {
		this.protocolPaths = Set.of(settings.getAuthorizationEndpoint(), settings.getTokenEndpoint(),
				settings.getTokenIntrospectionEndpoint(), settings.getTokenRevocationEndpoint(),
				settings.getJwkSetEndpoint(), "/.well-known/oauth-authorization-server");
	}

	@Override
	protected KeyValue uri(ServerRequestObservationContext context) {
		KeyValue uri = super.uri(context);
		String path = (context.getCarrier() != null) ? context.getCarrier().getRequestURI() : null;
		if ("UNKNOWN".equals(uri.getValue()) && path != null && this.protocolPaths.contains(path)) {
			return KeyValue.of(uri.getKey(), path);
		}
		return uri;
	}

}
