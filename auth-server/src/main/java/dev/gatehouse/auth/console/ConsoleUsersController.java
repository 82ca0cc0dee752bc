package dev.gatehouse.auth.console;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.gatehouse.auth.user.JdbcUserStore;
import dev.gatehouse.auth.user.Password;
import dev.gatehouse.auth.user.SignedInUser;
import dev.gatehouse.auth.user.User;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Users: the list, creation, disable/enable, a password reset and roles. A new password is generated and shown
 * once. An admin cannot disable themself or take away their own admin role: the console would lock them out.
 */
@Controller
final class ConsoleUsersController {

	private final JdbcUserStore users;

	ConsoleUsersController(JdbcUserStore users) {
		this.users = Objects.requireNonNull(users, "users");
	}

	@GetMapping("/console/users")
	String list(Model model) {
		model.addAttribute("users", this.users.all().stream().map(UserRow::of).toList());
		return "console/users";
	}

	@GetMapping("/console/users/new")
	String newUser(Model model) {
		return form(model, "", "user", null);
	}

	@PostMapping("/console/users")
	String create(@RequestParam(name = "username", defaultValue = "") String username,
			@RequestParam(name = "roles", defaultValue = "") String roles, Model model, HttpServletResponse response) {
		Password password = Password.generate();
		try {
			this.users.create(username.strip(), roles(roles), password);
		}
		catch (IllegalArgumentException rejected) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return form(model, username, roles, rejected.getMessage());
		}
		return passwordPage(model, username.strip(), password, "created");
	}

	@PostMapping("/console/users/{username}/password")
	String resetPassword(@PathVariable String username, Model model) {
		user(username);
		Password password = Password.generate();
		this.users.setPassword(username, password);
		return passwordPage(model, username, password, "reset");
	}

	@PostMapping("/console/users/{username}/disable")
	String disable(@PathVariable String username, @AuthenticationPrincipal SignedInUser admin,
			RedirectAttributes redirect) {
		user(username);
		if (admin.user().username().equals(username)) {
			throw new ConsoleAdvice.BadRequest("You cannot disable yourself: you would be locked out of the console.");
		}
		this.users.setEnabled(username, false);
		return done(redirect, username + " disabled");
	}

	@PostMapping("/console/users/{username}/enable")
	String enable(@PathVariable String username, RedirectAttributes redirect) {
		user(username);
		this.users.setEnabled(username, true);
		return done(redirect, username + " enabled");
	}

	@PostMapping("/console/users/{username}/roles")
	String setRoles(@PathVariable String username, @RequestParam(name = "roles", defaultValue = "") String roles,
			@AuthenticationPrincipal SignedInUser admin, RedirectAttributes redirect) {
		user(username);
		Set<String> chosen = roles(roles);
		if (admin.user().username().equals(username) && !chosen.contains("admin")) {
			throw new ConsoleAdvice.BadRequest("You cannot take away your own admin role: you would be locked out.");
		}
		try {
			this.users.setRoles(username, chosen);
		}
		catch (IllegalArgumentException rejected) {
			throw new ConsoleAdvice.BadRequest("Roles not changed: " + rejected.getMessage());
		}
		return done(redirect, username + ": roles set");
	}

	/** The notice travels in the session for the next page only, so a link cannot make the console say anything. */
	private static String done(RedirectAttributes redirect, String notice) {
		redirect.addFlashAttribute("notice", notice);
		return "redirect:/console/users";
	}

	private User user(String username) {
		return this.users.findByUsername(username)
			.orElseThrow(() -> new ConsoleAdvice.NotFound("There is no user " + username + "."));
	}

	private static Set<String> roles(String roles) {
		return new LinkedHashSet<>(Arrays.stream(roles.strip().split("\\s+")).filter((role) -> !role.isEmpty()).toList());
	}

	private static String form(Model model, String username, String roles, String error) {
		model.addAttribute("username", username);
		model.addAttribute("roles", roles);
		model.addAttribute("error", error);
		return "console/user-new";
	}

	private static String passwordPage(Model model, String username, Password password, String what) {
		model.addAttribute("view", new PasswordView(username, password.reveal(), what));
		return "console/user-password";
	}

	/** A user as the list shows them. */
	record UserRow(String username, String roles, boolean enabled, String createdAt, String lastLoginAt) {

		static UserRow of(User user) {
			return new UserRow(user.username(), String.join(" ", new TreeSet<>(user.roles())), user.enabled(),
					ConsoleTime.format(user.createdAt()),
					(user.lastLoginAt() != null) ? ConsoleTime.format(user.lastLoginAt()) : "never");
		}

	}

	/** The page that shows a new password the one time it exists in clear. */
	record PasswordView(String username, String password, String what) {

		@Override
		public String toString() {
			return "PasswordView[" + this.username + ", ******]";
		}

	}

}
