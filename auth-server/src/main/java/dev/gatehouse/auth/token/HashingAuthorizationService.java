package dev.gatehouse.auth.token;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.gatehouse.auth.user.JdbcUserStore;
import dev.gatehouse.auth.user.SignedInUser;
import dev.gatehouse.auth.user.User;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;

/**
 * Spring's authorization store, for what its authorization endpoint must keep between requests: a request
 * waiting for the user's consent (found again by its consent {@code state}) and the authorization code.
 * Both are kept as grants holding only the hash of the state or code. Tokens are not kept here:
 * {@code client_credentials} access tokens need no row at all, and the code exchange and refresh are
 * Gatehouse's own providers over {@link JdbcGrantStore}, so this store never hands out a token's value.
 */
@Component
public final class HashingAuthorizationService implements OAuth2AuthorizationService {

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	/** How long a user may look at the consent page before the request must start over. */
	static final Duration CONSENT_LIFETIME = Duration.ofMinutes(10);

	private final JdbcGrantStore store;

	private final RegisteredClientRepository clients;

	private final JdbcUserStore users;

	private final Clock clock;

	HashingAuthorizationService(JdbcGrantStore store, RegisteredClientRepository clients, JdbcUserStore users,
			Clock clock) {
		this.store = Objects.requireNonNull(store, "store");
		this.clients = Objects.requireNonNull(clients, "clients");
		this.users = Objects.requireNonNull(users, "users");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		AuthorizationGrantType grantType = authorization.getAuthorizationGrantType();
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(grantType)) {
			return; // nothing to keep: the JWT is checked by signature, expiry and the denylist
		}
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(grantType)) {
			throw new IllegalStateException("Gatehouse does not store authorizations of grant type " + grantType.getValue());
		}
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
		UserGrant grant = grant(authorization, code);
		if (code != null) {
			if (!this.store.saveCode(grant, TokenHash.of(code.getToken().getTokenValue()))) {
				// the same consent answered twice (a double click): the first answer has its code already
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(
						OAuth2ErrorCodes.INVALID_REQUEST, "This sign-in request was answered already", null), null);
			}
		}
		else {
			String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
			this.store.savePending(grant, TokenHash.of(Objects.requireNonNull(state, "state")));
		}
	}

	private UserGrant grant(OAuth2Authorization authorization, OAuth2Authorization.Token<OAuth2AuthorizationCode> code) {
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		Authentication principal = authorization.getAttribute(Principal.class.getName());
		if (request == null || principal == null || !(principal.getPrincipal() instanceof SignedInUser user)) {
			throw new IllegalStateException("An authorization request needs a signed-in Gatehouse user");
		}
		String challenge = (String) request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE);
		return new UserGrant(authorization.getId(), request.getClientId(), user.getName(),
				(code != null) ? authorization.getAuthorizedScopes() : request.getScopes(), request.getRedirectUri(),
				request.getState(), challenge, user.authenticatedAt(),
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS),
				(code != null) ? code.getToken().getExpiresAt() : null, null, null, null);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		// only a pending consent is ever removed (the user said no); exchanged grants end by revocation
		this.store.findById(authorization.getId())
			.filter((grant) -> grant.codeUsedAt() == null)
			.ifPresent((grant) -> this.store.delete(grant.id()));
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return null; // Spring's endpoints in use here look authorizations up by token only
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		if (!STATE.equals(tokenType) || token == null) {
			return null; // codes and refresh tokens are looked up by Gatehouse's own grant providers
		}
		Instant now = this.clock.instant();
		return this.store.findByConsentState(TokenHash.of(token))
			.filter((grant) -> now.isBefore(grant.createdAt().plus(CONSENT_LIFETIME)))
			.flatMap((grant) -> pendingConsent(grant, token))
			.orElse(null);
	}

	private Optional<OAuth2Authorization> pendingConsent(UserGrant grant, String state) {
		RegisteredClient client = this.clients.findByClientId(grant.clientId());
		Optional<User> user = this.users.findById(grant.userId()).filter(User::enabled);
		if (client == null || user.isEmpty()) {
			return Optional.empty();
		}
		AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(context.getIssuer() + context.getAuthorizationServerSettings().getAuthorizationEndpoint())
			.clientId(grant.clientId())
			.redirectUri(grant.redirectUri())
			.scopes(grant.scopes())
			.state(grant.clientState())
			.additionalParameters(Map.of(PkceParameterNames.CODE_CHALLENGE, grant.codeChallenge(),
					PkceParameterNames.CODE_CHALLENGE_METHOD, "S256"))
			.build();
		return Optional.of(OAuth2Authorization.withRegisteredClient(client)
			.id(grant.id())
			.principalName(grant.userId())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(Principal.class.getName(), SignedInUser.authentication(user.get(), grant.authTime()))
			.attribute(OAuth2AuthorizationRequest.class.getName(), request)
			.attribute(OAuth2ParameterNames.STATE, state)
			.build());
	}

}
