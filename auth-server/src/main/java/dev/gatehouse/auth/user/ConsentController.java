package dev.gatehouse.auth.user;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.JdbcClientRegistry;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The consent page the authorization endpoint sends a user to (it posts the answer back there), and the
 * account page's list of remembered consents with a revoke button each.
 */
@Controller
final class ConsentController {

	static final String CONSENT_PATH = "/oauth2/consent";

	private final JdbcClientRegistry clients;

	private final JdbcConsentStore consents;

	ConsentController(JdbcClientRegistry clients, JdbcConsentStore consents) {
		this.clients = Objects.requireNonNull(clients, "clients");
		this.consents = Objects.requireNonNull(consents, "consents");
	}

	@GetMapping(CONSENT_PATH)
	String consent(@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(name = "scope", required = false) String scope,
			@RequestParam(name = "state", required = false) String state, Model model, HttpServletResponse response) {
		Optional<Client> client = Optional.ofNullable(clientId).flatMap(this.clients::findById).filter(Client::enabled);
		if (client.isEmpty() || state == null || state.isBlank()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("message", "This consent page was opened without a sign-in request of a known app.");
			return "refused";
		}
		List<String> scopes = (scope == null || scope.isBlank()) ? List.of()
				: Arrays.stream(scope.trim().split(" +")).distinct().toList();
		model.addAttribute("view", new ConsentView(client.get().id(), client.get().name(), scopes, state));
		return "consent";
	}

	@PostMapping("/account/consents/{clientId}/revoke")
	String revoke(@AuthenticationPrincipal SignedInUser user, @PathVariable String clientId) {
		this.consents.revoke(user.user().id(), clientId);
		return "redirect:/account?revoked";
	}

	/** What the consent page shows. */
	record ConsentView(String clientId, String clientName, List<String> scopes, String state) {
	}

}
