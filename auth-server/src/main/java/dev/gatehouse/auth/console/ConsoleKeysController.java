package dev.gatehouse.auth.console;

import java.util.List;
import java.util.Objects;

import dev.gatehouse.auth.keys.KeyProperties;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.keys.KeyState;
import dev.gatehouse.auth.keys.KeyView;
import dev.gatehouse.auth.keys.SigningAlgorithm;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Signing keys: their lifecycle, a rotation now (published at once, signing after the prepublication window),
 * and revocation after a page that says what it breaks.
 */
@Controller
final class ConsoleKeysController {

	private final KeyRing keys;

	private final List<SigningAlgorithm> algorithms;

	ConsoleKeysController(KeyRing keys, KeyProperties properties) {
		this.keys = Objects.requireNonNull(keys, "keys");
		this.algorithms = List.copyOf(properties.algorithms());
	}

	@GetMapping("/console/keys")
	String list(Model model) {
		model.addAttribute("keys", this.keys.keys().stream().map(KeyRow::of).toList());
		model.addAttribute("algorithms", this.algorithms.stream().map(SigningAlgorithm::toString).toList());
		return "console/keys";
	}

	@PostMapping("/console/keys/rotate")
	String rotate(@RequestParam(name = "algorithm", defaultValue = "") String algorithm, RedirectAttributes redirect) {
		SigningAlgorithm chosen = this.algorithms.stream()
			.filter((candidate) -> candidate.toString().equals(algorithm))
			.findFirst()
			.orElseThrow(() -> new ConsoleAdvice.BadRequest("Choose one of the enabled algorithms."));
		KeyView created = this.keys.rotateNow(chosen);
		return done(redirect, "Created " + created.keyId() + ": published now, signing from "
				+ ConsoleTime.format(created.activatesAt()) + " UTC");
	}

	@GetMapping("/console/keys/{kid}/revoke")
	String confirmRevoke(@PathVariable String kid, Model model) {
		model.addAttribute("key", KeyRow.of(key(kid)));
		return "console/key-revoke";
	}

	@PostMapping("/console/keys/{kid}/revoke")
	String revoke(@PathVariable String kid, RedirectAttributes redirect) {
		key(kid);
		if (!this.keys.revoke(kid)) {
			throw new ConsoleAdvice.NotFound("There is no unrevoked key " + kid + ".");
		}
		return done(redirect, "Revoked " + kid + "; tokens it signed are no longer valid");
	}

	private KeyView key(String kid) {
		return this.keys.keys()
			.stream()
			.filter((key) -> key.keyId().equals(kid) && key.revokedAt() == null)
			.findFirst()
			.orElseThrow(() -> new ConsoleAdvice.NotFound("There is no unrevoked key " + kid + "."));
	}

	/** The notice travels in the session for the next page only, so a link cannot make the console say anything. */
	private static String done(RedirectAttributes redirect, String notice) {
		redirect.addFlashAttribute("notice", notice);
		return "redirect:/console/keys";
	}

	/** A key as the page shows it. */
	record KeyRow(String keyId, String algorithm, String state, String createdAt, String activatesAt, String ends,
			boolean revocable) {

		static KeyRow of(KeyView key) {
			String ends = (key.revokedAt() != null) ? "revoked " + ConsoleTime.format(key.revokedAt())
					: (key.retiresAt() != null) ? "leaves the JWKS " + ConsoleTime.format(key.retiresAt()) : "";
			return new KeyRow(key.keyId(), key.algorithm().toString(), key.state().toString().toLowerCase(),
					ConsoleTime.format(key.createdAt()), ConsoleTime.format(key.activatesAt()), ends,
					key.state() != KeyState.REVOKED);
		}

	}

}
