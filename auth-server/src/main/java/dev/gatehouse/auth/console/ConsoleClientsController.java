package dev.gatehouse.auth.console;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.ClientAdministration;
import dev.gatehouse.auth.client.ClientAdministration.ClientSummary;
import dev.gatehouse.auth.client.ClientSecret;
import dev.gatehouse.auth.client.JdbcClientRegistry;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The client list (search, paging), the create and edit forms, and deletion with a confirmation page. A new
 * client's secret is shown once, on {@code console/client-secret}, and never again.
 */
@Controller
final class ConsoleClientsController {

	static final int PAGE_SIZE = 20;

	private final ClientAdministration administration;

	private final JdbcClientRegistry registry;

	private final OneTimeSecretPage secretPage;

	ConsoleClientsController(ClientAdministration administration, JdbcClientRegistry registry,
			OneTimeSecretPage secretPage) {
		this.administration = Objects.requireNonNull(administration, "administration");
		this.registry = Objects.requireNonNull(registry, "registry");
		this.secretPage = Objects.requireNonNull(secretPage, "secretPage");
	}

	@GetMapping("/console/clients")
	String list(@RequestParam(name = "q", defaultValue = "") String query,
			@RequestParam(name = "page", defaultValue = "0") int page,
			@RequestParam(name = "deleted", required = false) String deleted, Model model) {
		int current = Math.max(0, Math.min(page, 100_000));
		List<ClientSummary> found = this.administration.search(query, current * PAGE_SIZE, PAGE_SIZE + 1);
		model.addAttribute("view", new ClientListView(query, found.subList(0, Math.min(found.size(), PAGE_SIZE)),
				current, found.size() > PAGE_SIZE, (deleted != null) ? "Client " + deleted + " deleted." : null));
		return "console/clients";
	}

	@GetMapping("/console/clients/new")
	String newClient(Model model) {
		return form(model, ClientForm.blank(), Map.of(), false);
	}

	@PostMapping("/console/clients")
	String create(@ModelAttribute ClientForm form, Model model, HttpServletResponse response) {
		Map<String, String> errors = form.errors();
		if (errors.isEmpty() && this.registry.findById(form.clientId()).isPresent()) {
			errors = Map.of("clientId", "A client with this id exists already");
		}
		if (!errors.isEmpty()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return form(model, form, errors, false);
		}
		try {
			Optional<ClientSecret> secret = this.administration.create(form.toBuilder(), form.publicClient());
			if (secret.isEmpty()) {
				return "redirect:/console/clients/" + form.clientId() + "?created";
			}
			return this.secretPage.show(model, form.clientId(), secret.get(), "created", form.scopes());
		}
		catch (IllegalArgumentException rejected) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return form(model, form, Map.of("form", rejected.getMessage()), false);
		}
	}

	@GetMapping("/console/clients/{id}/edit")
	String edit(@PathVariable String id, Model model) {
		return form(model, ClientForm.of(client(id)), Map.of(), true);
	}

	@PostMapping("/console/clients/{id}/edit")
	String update(@PathVariable String id, @ModelAttribute ClientForm posted, Model model,
			HttpServletResponse response) {
		Client existing = client(id);
		ClientForm form = new ClientForm(id, posted.name(), existing.isPublic() ? List.copyOf(existing.grantTypes())
				: posted.grantTypes(), posted.scopes(), posted.audiences(), posted.redirectUris(),
				posted.accessTokenLifetime(), posted.refreshIdle(), posted.refreshAbsolute(), posted.signingAlgorithm(),
				posted.mayIntrospect(), existing.isPublic());
		Map<String, String> errors = form.errors();
		if (errors.isEmpty()) {
			try {
				this.administration.update(form.toBuilder().authMethods(existing.authMethods())
					.enabled(existing.enabled())
					.build());
				return "redirect:/console/clients/" + id + "?updated";
			}
			catch (IllegalArgumentException rejected) {
				errors = Map.of("form", rejected.getMessage());
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return form(model, form, errors, true);
	}

	@GetMapping("/console/clients/{id}/delete")
	String confirmDelete(@PathVariable String id, Model model) {
		model.addAttribute("client", new ClientLabel(client(id).id(), client(id).name()));
		return "console/client-delete";
	}

	@PostMapping("/console/clients/{id}/delete")
	String delete(@PathVariable String id) {
		if (!this.administration.delete(id)) {
			throw new ConsoleAdvice.NotFound("There is no client " + id + ".");
		}
		return "redirect:/console/clients?deleted=" + id;
	}

	private Client client(String id) {
		return this.registry.findById(id)
			.orElseThrow(() -> new ConsoleAdvice.NotFound("There is no client " + id + "."));
	}

	private String form(Model model, ClientForm form, Map<String, String> errors, boolean editing) {
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("editing", editing);
		model.addAttribute("algorithms", ClientForm.ALGORITHMS);
		return "console/client-form";
	}

	/** What the client list shows. */
	record ClientListView(String query, List<ClientSummary> clients, int page, boolean hasNext, String notice) {
	}

	/** A client named on a confirmation page. */
	record ClientLabel(String id, String name) {
	}

}
