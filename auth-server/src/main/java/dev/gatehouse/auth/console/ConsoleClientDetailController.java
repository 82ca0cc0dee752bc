package dev.gatehouse.auth.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import dev.gatehouse.auth.audit.AuditEvent;
import dev.gatehouse.auth.audit.JdbcAuditLog;
import dev.gatehouse.auth.client.Client;
import dev.gatehouse.auth.client.ClientAdministration;
import dev.gatehouse.auth.client.JdbcClientRegistry;
import dev.gatehouse.auth.token.RefreshTokenFamilies;
import dev.gatehouse.auth.token.RefreshTokenFamilies.ActiveFamily;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * One client: its settings, recent audit events, tokens issued per day, live refresh token families with revoke
 * buttons, and the actions on it (disable/enable, rotate the secret with an overlap window, revoke everything).
 */
@Controller
final class ConsoleClientDetailController {

	private static final Map<String, String> NOTICES = Map.of("created", "Client created.", "updated",
			"Changes saved.", "disabled", "Client disabled: it can no longer authenticate, its tokens introspect inactive.",
			"enabled", "Client enabled.", "revoked", "Refresh token family revoked.", "revokedAll",
			"Every refresh token family of this client was revoked.");

	private final JdbcClientRegistry registry;

	private final ClientAdministration administration;

	private final RefreshTokenFamilies families;

	private final JdbcAuditLog audit;

	private final OneTimeSecretPage secrets;

	private final Clock clock;

	ConsoleClientDetailController(JdbcClientRegistry registry, ClientAdministration administration,
			RefreshTokenFamilies families, JdbcAuditLog audit, OneTimeSecretPage secrets, Clock clock) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.administration = Objects.requireNonNull(administration, "administration");
		this.families = Objects.requireNonNull(families, "families");
		this.audit = Objects.requireNonNull(audit, "audit");
		this.secrets = Objects.requireNonNull(secrets, "secrets");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@GetMapping("/console/clients/{id}")
	String detail(@PathVariable String id, @RequestParam Map<String, String> parameters, Model model) {
		Client client = client(id);
		String notice = parameters.keySet().stream().filter(NOTICES::containsKey).findFirst().map(NOTICES::get)
			.orElse(null);
		model.addAttribute("view", new ClientDetailView(ClientRow.of(client), notice, perDay(id),
				this.families.activeOf(id, 50).stream().map(FamilyRow::of).toList(), this.audit.recentOfClient(id, 25).stream().map(EventRow::of).toList(),
				ClientAdministration.DEFAULT_OVERLAP.toHours()));
		return "console/client";
	}

	@PostMapping("/console/clients/{id}/disable")
	String disable(@PathVariable String id) {
		return this.registry.setEnabled(client(id).id(), false) ? "redirect:/console/clients/" + id + "?disabled"
				: missing(id);
	}

	@PostMapping("/console/clients/{id}/enable")
	String enable(@PathVariable String id) {
		return this.registry.setEnabled(client(id).id(), true) ? "redirect:/console/clients/" + id + "?enabled"
				: missing(id);
	}

	@PostMapping("/console/clients/{id}/secret")
	String rotateSecret(@PathVariable String id, @RequestParam(name = "overlapHours", defaultValue = "24") String hours,
			Model model) {
		Client client = client(id);
		long overlap;
		try {
			overlap = Long.parseLong(hours.strip());
		}
		catch (NumberFormatException ex) {
			overlap = -1;
		}
		if (overlap < 0 || overlap > ClientAdministration.MAXIMUM_OVERLAP.toHours()) {
			throw new ConsoleAdvice.BadRequest("The overlap is a number of hours between 0 and 720.");
		}
		if (client.isPublic()) {
			throw new ConsoleAdvice.BadRequest("A public client has no secret to rotate.");
		}
		return this.administration.rotateSecret(id, Duration.ofHours(overlap))
			.map((secret) -> this.secrets.show(model, id, secret, "rotated", String.join(" ", new TreeSet<>(client.scopes()))))
			.orElseGet(() -> missing(id));
	}

	@PostMapping("/console/clients/{id}/tokens/{grantId}/revoke")
	String revokeFamily(@PathVariable String id, @PathVariable String grantId) {
		if (!this.families.revoke(client(id).id(), grantId)) {
			throw new ConsoleAdvice.NotFound("That refresh token family is not live any more.");
		}
		return "redirect:/console/clients/" + id + "?revoked";
	}

	@PostMapping("/console/clients/{id}/tokens/revoke-all")
	String revokeAll(@PathVariable String id) {
		this.families.revokeAllOf(client(id).id());
		return "redirect:/console/clients/" + id + "?revokedAll";
	}

	private List<DayCount> perDay(String clientId) {
		Instant today = this.clock.instant().truncatedTo(ChronoUnit.DAYS);
		Instant first = today.minus(Duration.ofDays(6));
		Map<Instant, Long> counts = this.audit.dailyCountsOfClient("access_token.issued", clientId, first);
		List<DayCount> days = new ArrayList<>(7);
		for (int i = 0; i < 7; i++) {
			Instant day = first.plus(Duration.ofDays(i));
			days.add(new DayCount(day.toString().substring(0, 10), counts.getOrDefault(day, 0L)));
		}
		return days;
	}

	private Client client(String id) {
		return this.registry.findById(id)
			.orElseThrow(() -> new ConsoleAdvice.NotFound("There is no client " + id + "."));
	}

	private static String missing(String id) {
		throw new ConsoleAdvice.NotFound("There is no client " + id + ".");
	}

	/** What the client page shows. */
	record ClientDetailView(ClientRow client, String notice, List<DayCount> issuedPerDay, List<FamilyRow> families,
			List<EventRow> events, long defaultOverlapHours) {
	}

	/** The client's settings, as text. */
	record ClientRow(String id, String name, boolean enabled, boolean publicClient, String grantTypes, String scopes,
			String audiences, List<String> redirectUris, String accessTokenLifetime, String signingAlgorithm,
			boolean mayIntrospect, String createdAt, String updatedAt) {

		static ClientRow of(Client client) {
			return new ClientRow(client.id(), client.name(), client.enabled(), client.isPublic(),
					String.join(" ", new TreeSet<>(client.grantTypes())), String.join(" ", new TreeSet<>(client.scopes())),
					String.join(" ", new TreeSet<>(client.audiences())), client.redirectUris(),
					(client.accessTokenLifetime() != null) ? client.accessTokenLifetime().toString() : "default",
					(client.signingAlgorithm() != null) ? client.signingAlgorithm() : "default", client.mayIntrospect(),
					ConsoleTime.format(client.createdAt()), ConsoleTime.format(client.updatedAt()));
		}

	}

	/** A live refresh token family, by the hash prefix of its current token. */
	record FamilyRow(String grantId, String tokenHashPrefix, String subject, String createdAt, String lastRotatedAt,
			String expiresAt) {

		static FamilyRow of(ActiveFamily family) {
			return new FamilyRow(family.grantId(), family.tokenHashPrefix(), family.subject(),
					ConsoleTime.format(family.createdAt()), ConsoleTime.format(family.lastRotatedAt()),
					ConsoleTime.format(family.expiresAt()));
		}

	}

	/** Tokens issued on one UTC day. */
	record DayCount(String day, long count) {
	}

	/** An audit event on the client page. */
	record EventRow(String at, String type, String outcome, String subject, String actor, String error,
			String originIp) {

		static EventRow of(AuditEvent event) {
			return new EventRow(ConsoleTime.format(event.occurredAt()), event.type(), event.outcome(),
					event.subject(), event.actor(), event.error(), event.originIp());
		}

	}

}
