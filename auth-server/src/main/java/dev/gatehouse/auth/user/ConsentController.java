package dev.gatehouse.auth.user;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.JdbcClientRegistry;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

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
			@RequestParam(name = "state", required = false) String state, Model model) {
		Client client = Optional.ofNullable(clientId)
			.flatMap(this.clients::findById)
			.filter(Client::enabled)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown client"));
		if (state == null || state.isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Missing state");
		}
		List<String> scopes = (scope == null || scope.isBlank()) ? List.of()
				: Arrays.stream(scope.trim().split(" +")).distinct().toList();
		model.addAttribute("view", new ConsentView(client.id(), client.name(), scopes, state));
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
