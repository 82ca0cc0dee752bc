package dev.gatehouse.auth.protocol;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refuses a request that authenticates its client twice (an {@code Authorization} header and a
 * {@code client_secret} parameter); otherwise stays out of the way for the real converters.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 §2.3</a>
 */
final class SingleAuthenticationMethodConverter implements AuthenticationConverter {

	@Override
	public Authentication convert(HttpServletRequest request) {
		// RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
		if (request.getHeader(HttpHeaders.AUTHORIZATION) != null
				&& request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"Use one client authentication method per request", null));
		}
		return null;
	}

}
