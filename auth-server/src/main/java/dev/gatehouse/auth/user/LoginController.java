package dev.gatehouse.auth.user;

import java.util.List;

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
	String account(@AuthenticationPrincipal User user, Model model) {
		model.addAttribute("view", new AccountView(user.username(), List.copyOf(user.roles())));
		return "account";
	}

	/** What the sign-in page shows. */
	record LoginView(String error, String notice) {
	}

	/** What the account page shows. */
	record AccountView(String username, List<String> roles) {
	}

}
