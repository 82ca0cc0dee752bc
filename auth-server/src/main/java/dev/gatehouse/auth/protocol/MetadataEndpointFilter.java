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
 * RFC 8414 metadata that lists only what Gatehouse serves. Spring's own metadata document would list client
 * authentication methods and grants that Gatehouse does not accept, so this filter answers the well-known
 * URL first.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 §2</a>
 */
final class MetadataEndpointFilter extends OncePerRequestFilter {

	static final String PATH = "/.well-known/oauth-authorization-server";

	static final List<String> CLIENT_AUTH_METHODS = List.of("client_secret_basic", "client_secret_post");

	/** Public clients authenticate with their id only, at the token and revocation endpoints. */
	static final List<String> PUBLIC_OR_SECRET = List.of("client_secret_basic", "client_secret_post", "none");

	private final RequestMatcher matcher = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, PATH);

	private final String document;

	MetadataEndpointFilter(String issuer, AuthorizationServerSettings endpoints) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("issuer", issuer);
		metadata.put("authorization_endpoint", issuer + endpoints.getAuthorizationEndpoint());
		metadata.put("token_endpoint", issuer + endpoints.getTokenEndpoint());
		metadata.put("token_endpoint_auth_methods_supported", PUBLIC_OR_SECRET);
		metadata.put("jwks_uri", issuer + endpoints.getJwkSetEndpoint());
		metadata.put("response_types_supported", List.of("code"));
		metadata.put("response_modes_supported", List.of("query"));
		metadata.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
		metadata.put("code_challenge_methods_supported", List.of("S256"));
		// RFC 9207 §3: the authorization response carries iss
		metadata.put("authorization_response_iss_parameter_supported", true);
		metadata.put("revocation_endpoint", issuer + endpoints.getTokenRevocationEndpoint());
		metadata.put("revocation_endpoint_auth_methods_supported", PUBLIC_OR_SECRET);
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
