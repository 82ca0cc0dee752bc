package dev.gatehouse.auth.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * Spring Authorization Server's view of the {@link JdbcClientRegistry}: maps a {@link Client} to a
 * {@link RegisteredClient}. Secrets never travel in the mapped client; they are checked by
 * {@link HashingClientSecretAuthenticationProvider} against their hashes.
 */
@Component
public class MappingRegisteredClientRepository implements RegisteredClientRepository {

	private final JdbcClientRegistry registry;

	/** RFC 9700 §4.2.1 suggests short-lived codes; a person's browser needs well under a minute. */
	static final Duration AUTHORIZATION_CODE_LIFETIME = Duration.ofMinutes(1);

	private final Duration defaultAccessTokenLifetime;

	private final Client.RefreshTokenLifetimes defaultRefreshTokens;

	public MappingRegisteredClientRepository(JdbcClientRegistry registry, ClientProperties properties) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.defaultAccessTokenLifetime = properties.defaultAccessTokenLifetime();
		this.defaultRefreshTokens = new Client.RefreshTokenLifetimes(properties.defaultRefreshTokenIdle(),
				properties.defaultRefreshTokenAbsolute());
	}

	@Override
	public RegisteredClient findById(String id) {
		return findByClientId(id);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return this.registry.findById(clientId).map(this::toRegisteredClient).orElse(null);
	}

	/**
	 * Gatehouse generates client secrets itself, so clients are registered through the registry (which
	 * hashes the new secret), never by saving a {@link RegisteredClient} that carries one.
	 */
	@Override
	public void save(RegisteredClient registeredClient) {
		throw new IllegalArgumentException(
				"Gatehouse registers clients through its client registry, which generates and hashes their secrets");
	}

	RegisteredClient toRegisteredClient(Client client) {
		Duration lifetime = (client.accessTokenLifetime() != null) ? client.accessTokenLifetime()
				: this.defaultAccessTokenLifetime;
		Client.RefreshTokenLifetimes refreshTokens = (client.refreshTokens() != null) ? client.refreshTokens()
				: this.defaultRefreshTokens;
		ClientSettings.Builder settings = ClientSettings.builder()
			// RFC 9700 §2.1.1: PKCE for every client; the request validator accepts S256 only
			.requireProofKey(true)
			.requireAuthorizationConsent(true)
			.setting(GatehouseClientSettings.AUDIENCES, List.copyOf(client.audiences()))
			.setting(GatehouseClientSettings.MAY_INTROSPECT, client.mayIntrospect())
			.setting(GatehouseClientSettings.REFRESH_TOKENS, refreshTokens);
		if (client.signingAlgorithm() != null) {
			settings.setting(GatehouseClientSettings.SIGNING_ALGORITHM, client.signingAlgorithm());
		}
		return RegisteredClient.withId(client.id())
			.clientId(client.id())
			.clientName(client.name())
			.clientIdIssuedAt(client.createdAt())
			.authorizationGrantTypes((types) -> client.grantTypes()
				.forEach((type) -> types.add(new AuthorizationGrantType(type))))
			.clientAuthenticationMethods((methods) -> client.authMethods()
				.forEach((method) -> methods.add(new ClientAuthenticationMethod(method))))
			.scopes((scopes) -> scopes.addAll(client.scopes()))
			.redirectUris((uris) -> uris.addAll(client.redirectUris()))
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.accessTokenTimeToLive(lifetime)
				.authorizationCodeTimeToLive(AUTHORIZATION_CODE_LIFETIME)
				.refreshTokenTimeToLive(refreshTokens.idle())
				.reuseRefreshTokens(false)
				.build())
			.clientSettings(settings.build())
			.build();
	}

}
