package dev.gatehouse.auth.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * RFC 8414 metadata that lists only what Gatehouse serves. Spring's own metadata document must name an
 * authorization endpoint and the {@code code} response type, which this server does not offer yet, and
 * client authentication methods it does not accept; so this filter answers the well-known URL first.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 §2</a>
 */
final class MetadataEndpointFilter extends OncePerRequestFilter {

	static final String PATH = "/.well-known/oauth-authorization-server";

	static final List<String> CLIENT_AUTH_METHODS = List.of("client_secret_basic", "client_secret_post");

	private final RequestMatcher matcher = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, PATH);

	private final String document;

	MetadataEndpointFilter(String issuer, AuthorizationServerSettings endpoints) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("issuer", issuer);
		metadata.put("token_endpoint", issuer + endpoints.getTokenEndpoint());
		metadata.put("token_endpoint_auth_methods_supported", CLIENT_AUTH_METHODS);
		metadata.put("jwks_uri", issuer + endpoints.getJwkSetEndpoint());
		// RFC 8414 §2: response_types_supported is REQUIRED; no response type is served yet
		metadata.put("response_types_supported", List.of());
		metadata.put("grant_types_supported", List.of("client_credentials"));
		metadata.put("revocation_endpoint", issuer + endpoints.getTokenRevocationEndpoint());
		metadata.put("revocation_endpoint_auth_methods_supported", CLIENT_AUTH_METHODS);
		metadata.put("introspection_endpoint", issuer + endpoints.getTokenIntrospectionEndpoint());
		metadata.put("introspection_endpoint_auth_methods_supported", CLIENT_AUTH_METHODS);
		this.document = JSONObjectUtils.toJSONString(metadata);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.matcher.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(this.document);
	}

}
