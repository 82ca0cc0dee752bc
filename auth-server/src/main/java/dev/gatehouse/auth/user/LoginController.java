package dev.gatehouse.auth.user;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.JdbcClientRegistry;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page and the signed-in user's own page. Thin: the filter chain does the signing in.
 */
@Controller
final class LoginController {

	private final JdbcConsentStore consents;

	private final JdbcClientRegistry clients;

	LoginController(JdbcConsentStore consents, JdbcClientRegistry clients) {
		this.consents = Objects.requireNonNull(consents, "consents");
		this.clients = Objects.requireNonNull(clients, "clients");
	}

	static final String THROTTLED_PATH = "/login/throttled";

	static final String THROTTLED_MINUTES = LoginController.class.getName() + ".throttledMinutes";

	@GetMapping("/login")
	String login(@RequestParam(name = "error", required = false) String error,
			@RequestParam(name = "signed-out", required = false) String signedOut,
			@RequestParam(name = "expired", required = false) String expired,
			@RequestParam(name = "busy", required = false) String busy, Model model) {
		String notice = (signedOut != null) ? "You are signed out."
				: (expired != null) ? "The sign-in form expired. Please sign in again." : null;
		String problem = (error != null) ? "Wrong username or password."
				: (busy != null) ? "Gatehouse is busy. Please try again in a moment." : null;
		model.addAttribute("view", new LoginView(problem, notice));
		return "login";
	}

	@RequestMapping(THROTTLED_PATH)
	String throttled(HttpServletRequest request, Model model) {
		Object minutes = request.getAttribute(THROTTLED_MINUTES);
		model.addAttribute("view", new LoginView("Too many failed sign-ins. Try again in "
				+ ((minutes != null) ? minutes : 15) + " minutes.", null));
		return "login";
	}

	@GetMapping("/account")
	String account(@AuthenticationPrincipal SignedInUser signedIn,
			@RequestParam(name = "revoked", required = false) String revoked, Model model) {
		User user = signedIn.user();
		List<ConsentView> consents = this.consents.consentsOf(user.id())
			.stream()
			.map((consent) -> new ConsentView(consent.clientId(),
					this.clients.findById(consent.clientId()).map(Client::name).orElse(consent.clientId()),
					String.join(" ", new TreeSet<>(consent.scopes()))))
			.toList();
		model.addAttribute("view", new AccountView(user.username(), List.copyOf(new TreeSet<>(user.roles())),
				consents, (revoked != null) ? "Access withdrawn. The app's tokens for you no longer work." : null));
		return "account";
	}

	/** What the sign-in page shows. */
	record LoginView(String error, String notice) {
	}

	/** What the account page shows. */
	record AccountView(String username, List<String> roles, List<ConsentView> consents, String notice) {
	}

	/** An app the user allowed, as the account page lists it. */
	record ConsentView(String clientId, String clientName, String scopes) {
	}

}
