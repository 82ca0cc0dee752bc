package dev.gatehouse.auth.console;

import dev.gatehouse.auth.client.ClientSecret;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The page that shows a client secret the one time it exists in clear (after creation or rotation), with a copy
 * button and a ready curl command. Nothing keeps it: only its hash is stored, the page is never cached.
 */
@Component
final class OneTimeSecretPage {

	private final String issuer;

	OneTimeSecretPage(@Value("${gatehouse.issuer}") String issuer) {
		this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
	}

	String show(Model model, String clientId, ClientSecret secret, String what, String scopes) {
		String scope = scopes.isBlank() ? "" : " -d scope='" + scopes.trim().replaceAll("\\s+", " ") + "'";
		model.addAttribute("view", new SecretView(clientId, secret.reveal(), what, "curl -u '" + clientId + ":"
				+ secret.reveal() + "' -d grant_type=client_credentials" + scope + " " + this.issuer + "/oauth2/token"));
		return "console/client-secret";
	}

	/** What the page shows. */
	record SecretView(String clientId, String secret, String what, String curl) {

		@Override
		public String toString() {
			return "SecretView[" + this.clientId + ", ******]";
		}

	}

}
