package dev.gatehouse.auth.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.auth.client.Client;

/**
 * The client form as posted: plain strings, checked field by field so every message can stand next to its field,
 * then turned into a {@link Client.Builder} (whose own rules catch what spans fields).
 *
 * @param clientId the client id (read-only when editing)
 * @param name display name
 * @param grantTypes the ticked grant types
 * @param scopes space-separated scopes
 * @param audiences space-separated audiences
 * @param redirectUris one per line
 * @param accessTokenLifetime like {@code 5m}, {@code 300s}; empty for the default
 * @param refreshIdle like {@code 7d}; empty for the default
 * @param refreshAbsolute like {@code 30d}; empty for the default
 * @param signingAlgorithm {@code ES256}, {@code RS256}, {@code EdDSA}, or empty for the default
 * @param mayIntrospect whether it may introspect other clients' tokens
 * @param publicClient a browser or mobile app without a secret
 */
record ClientForm(String clientId, String name, List<String> grantTypes, String scopes, String audiences,
		String redirectUris, String accessTokenLifetime, String refreshIdle, String refreshAbsolute,
		String signingAlgorithm, Boolean mayIntrospect, Boolean publicClient) {

	static final List<String> GRANT_TYPES = List.of("client_credentials", "authorization_code", "refresh_token");

	static final List<String> ALGORITHMS = List.of("ES256", "RS256", "EdDSA");

	private static final Pattern DURATION = Pattern.compile("(\\d{1,7})([smhd])");

	private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,200}");

	ClientForm {
		clientId = trim(clientId);
		name = trim(name);
		grantTypes = (grantTypes != null) ? List.copyOf(grantTypes) : List.of();
		scopes = trim(scopes);
		audiences = trim(audiences);
		redirectUris = (redirectUris != null) ? redirectUris.strip() : "";
		accessTokenLifetime = trim(accessTokenLifetime);
		refreshIdle = trim(refreshIdle);
		refreshAbsolute = trim(refreshAbsolute);
		signingAlgorithm = trim(signingAlgorithm);
		// an unticked checkbox is not posted at all
		mayIntrospect = Boolean.TRUE.equals(mayIntrospect);
		publicClient = Boolean.TRUE.equals(publicClient);
	}

	/** An empty form with the usual choices for a machine client. */
	static ClientForm blank() {
		return new ClientForm("", "", List.of("client_credentials"), "", "", "", "", "", "", "", false, false);
	}

	/** The form showing a stored client, for editing. */
	static ClientForm of(Client client) {
		return new ClientForm(client.id(), client.name(), List.copyOf(client.grantTypes()),
				String.join(" ", client.scopes()), String.join(" ", client.audiences()),
				String.join("\n", client.redirectUris()), format(client.accessTokenLifetime()),
				(client.refreshTokens() != null) ? format(client.refreshTokens().idle()) : "",
				(client.refreshTokens() != null) ? format(client.refreshTokens().absolute()) : "",
				(client.signingAlgorithm() != null) ? client.signingAlgorithm() : "", client.mayIntrospect(),
				client.isPublic());
	}

	/** Field name → message, in form order; empty when every field is acceptable on its own. */
	Map<String, String> errors() {
		Map<String, String> errors = new LinkedHashMap<>();
		if (!this.clientId.matches("[A-Za-z0-9._~-]{1,100}")) {
			errors.put("clientId", "1 to 100 characters of A-Z a-z 0-9 . _ ~ -");
		}
		if (this.name.length() > 200) {
			errors.put("name", "At most 200 characters");
		}
		if (this.grantTypes.isEmpty() || !GRANT_TYPES.containsAll(this.grantTypes)) {
			errors.put("grantTypes", "Choose at least one of the grant types listed");
		}
		else if (this.publicClient && this.grantTypes.contains("client_credentials")) {
			errors.put("grantTypes", "A public client cannot use client_credentials: it has no secret");
		}
		words(this.scopes).stream().filter((scope) -> !SCOPE.matcher(scope).matches()).findFirst()
			.ifPresent((bad) -> errors.put("scopes", "Scopes are separated by spaces and use no quotes or backslashes"));
		if (this.scopes.length() > 2000) {
			errors.put("scopes", "At most 2000 characters");
		}
		if (words(this.audiences).isEmpty()) {
			errors.put("audiences", "At least one audience: the resource servers that accept its tokens");
		}
		for (String uri : redirectUriList()) {
			try {
				Client.validRedirectUri(uri);
			}
			catch (IllegalArgumentException ex) {
				errors.put("redirectUris", "\"" + uri + "\": " + ex.getMessage());
				break;
			}
		}
		if (this.grantTypes.contains("authorization_code") && redirectUriList().isEmpty()) {
			errors.put("redirectUris", "The authorization_code grant needs at least one redirect URI");
		}
		checkDuration(errors, "accessTokenLifetime", this.accessTokenLifetime);
		checkDuration(errors, "refreshIdle", this.refreshIdle);
		checkDuration(errors, "refreshAbsolute", this.refreshAbsolute);
		if (this.refreshIdle.isEmpty() != this.refreshAbsolute.isEmpty()) {
			errors.put("refreshAbsolute", "Set both refresh token lifetimes, or neither");
		}
		if (!this.signingAlgorithm.isEmpty() && !ALGORITHMS.contains(this.signingAlgorithm)) {
			errors.put("signingAlgorithm", "One of " + String.join(", ", ALGORITHMS));
		}
		return errors;
	}

	/** The client this form describes; call only when {@link #errors()} is empty. */
	Client.Builder toBuilder() {
		Client.Builder builder = Client.builder(this.clientId)
			.name(this.name.isEmpty() ? this.clientId : this.name)
			.grantTypes(new LinkedHashSet<>(this.grantTypes))
			.scopes(new LinkedHashSet<>(words(this.scopes)))
			.audiences(new LinkedHashSet<>(words(this.audiences)))
			.redirectUris(redirectUriList())
			.accessTokenLifetime(duration(this.accessTokenLifetime))
			.signingAlgorithm(this.signingAlgorithm.isEmpty() ? null : this.signingAlgorithm)
			.mayIntrospect(this.mayIntrospect);
		if (!this.refreshIdle.isEmpty()) {
			builder.refreshTokens(
					new Client.RefreshTokenLifetimes(duration(this.refreshIdle), duration(this.refreshAbsolute)));
		}
		return builder;
	}

	List<String> redirectUriList() {
		return this.redirectUris.isEmpty() ? List.of()
				: Arrays.stream(this.redirectUris.split("\\R")).map(String::strip).filter((uri) -> !uri.isEmpty()).toList();
	}

	private static void checkDuration(Map<String, String> errors, String field, String value) {
		if (!value.isEmpty() && !DURATION.matcher(value).matches()) {
			errors.put(field, "A number and a unit: 300s, 5m, 12h or 7d");
		}
	}

	static Duration duration(String value) {
		Matcher matcher = DURATION.matcher(value);
		if (!matcher.matches()) {
			return null;
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
	}

	private static String format(Duration duration) {
		if (duration == null) {
			return "";
		}
		long seconds = duration.toSeconds();
		if (seconds % 86_400 == 0) {
			return seconds / 86_400 + "d";
		}
		if (seconds % 3600 == 0) {
			return seconds / 3600 + "h";
		}
		return (seconds % 60 == 0) ? seconds / 60 + "m" : seconds + "s";
	}

	private static List<String> words(String value) {
		return value.isEmpty() ? List.of() : new ArrayList<>(new LinkedHashSet<>(Arrays.asList(value.split("\\s+"))));
	}

	private static String trim(String value) {
		return (value != null) ? value.strip() : "";
	}

	/** The grant types a form offers, with whether each is ticked. */
	public List<Choice> grantTypeChoices() {
		return GRANT_TYPES.stream().map((type) -> new Choice(type, this.grantTypes.contains(type))).toList();
	}

	/** One checkbox of the form. */
	record Choice(String value, boolean checked) {
	}

	static Set<String> algorithms() {
		return new LinkedHashSet<>(ALGORITHMS);
	}

}
