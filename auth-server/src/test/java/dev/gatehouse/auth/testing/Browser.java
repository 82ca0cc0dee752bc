package dev.gatehouse.auth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser, as far as the authorization code flow needs one: cookies, redirects followed one by
 * one (so a test sees each hop), the sign-in form posted with its CSRF token, the consent form answered.
 * It never follows a redirect off the server: the client's redirect URI is where the flow ends.
 */
public final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	public Browser(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** A fresh PKCE verifier: 256 random bits, base64url (43 characters). */
	public static String newVerifier() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The S256 challenge of a verifier (RFC 7636 §4.2). */
	public static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An authorization request URL for a client, with the given parameters (null values left out). */
	public String authorizeUrl(Map<String, String> parameters) {
		return this.baseUrl + "/oauth2/authorize?" + parameters.entrySet()
			.stream()
			.filter((parameter) -> parameter.getValue() != null)
			.map((parameter) -> encode(parameter.getKey()) + "=" + encode(parameter.getValue()))
			.collect(Collectors.joining("&"));
	}

	/** The usual authorization request: code, the client's redirect URI, scope, state and an S256 challenge. */
	public static Map<String, String> codeRequest(String clientId, String redirectUri, String scope, String state,
			String verifier) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", clientId);
		parameters.put("redirect_uri", redirectUri);
		parameters.put("scope", scope);
		parameters.put("state", state);
		parameters.put("code_challenge", (verifier != null) ? challenge(verifier) : null);
		parameters.put("code_challenge_method", (verifier != null) ? "S256" : null);
		return parameters;
	}

	public HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(absolute(url))).GET());
	}

	public HttpResponse<String> post(String url, Map<String, List<String>> form) {
		String body = form.entrySet()
			.stream()
			.flatMap((field) -> field.getValue().stream().map((value) -> encode(field.getKey()) + "=" + encode(value)))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(absolute(url)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Signs in on the sign-in page, as a person would: load the form, post it with its CSRF token. */
	public HttpResponse<String> signIn(String username, String password) {
		HttpResponse<String> form = get("/login");
		return post("/login", Map.of("username", List.of(username), "password", List.of(password), "_csrf",
				List.of(csrf(form.body()))));
	}

	/**
	 * Follows redirects on this server from {@code response} until a page is shown or the server sends the
	 * browser elsewhere (the client's redirect URI); returns that last response.
	 */
	public HttpResponse<String> followOnServer(HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hops = 0; hops < 10 && isRedirect(current); hops++) {
			String location = location(current);
			if (!location.startsWith(this.baseUrl) && !location.startsWith("/")) {
				return current;
			}
			current = get(location);
		}
		return current;
	}

	/** Answers a consent page: Allow (or Deny) posts its form, hidden fields included, back to the server. */
	public HttpResponse<String> answerConsent(HttpResponse<String> consentPage, boolean allow) {
		String page = consentPage.body();
		int allowAt = page.indexOf("id=\"allow\"");
		String form;
		if (allow) {
			String before = page.substring(0, allowAt);
			form = before.substring(before.lastIndexOf("<form"));
		}
		else {
			String after = page.substring(allowAt);
			int start = after.indexOf("<form");
			form = after.substring(start, after.indexOf("</form>", start));
		}
		Map<String, List<String>> fields = new LinkedHashMap<>();
		Matcher hidden = HIDDEN.matcher(form);
		while (hidden.find()) {
			fields.computeIfAbsent(hidden.group(1), (name) -> new ArrayList<>())
				.add(unescape(hidden.group(2)));
		}
		return post("/oauth2/authorize", fields);
	}

	public static boolean isRedirect(HttpResponse<?> response) {
		return response.statusCode() == 302 || response.statusCode() == 303;
	}

	public static String location(HttpResponse<?> response) {
		return response.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException("no Location"));
	}

	/** The query parameters of a URL, decoded. */
	public static Map<String, String> query(String url) {
		String query = URI.create(url).getRawQuery();
		Map<String, String> parameters = new LinkedHashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
			}
		}
		return parameters;
	}

	public static String csrf(String page) {
		Matcher matcher = CSRF.matcher(page);
		if (!matcher.find()) {
			throw new IllegalStateException("no CSRF token on the page");
		}
		return matcher.group(1);
	}

	private String absolute(String url) {
		return url.startsWith("/") ? this.baseUrl + url : url;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String unescape(String html) {
		return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
			.replace("&amp;", "&");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
