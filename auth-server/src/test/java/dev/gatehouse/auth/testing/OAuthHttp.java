package dev.gatehouse.auth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A plain HTTP client for the protocol endpoints, built on the JDK's client so tests see exactly what goes
 * over the wire: form bodies (repeated parameters allowed), Basic credentials, raw responses.
 */
public final class OAuthHttp {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public OAuthHttp(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/** A form parameter; a list of them may repeat a name. */
	public record Param(String name, String value) {

		@Override
		public String toString() {
			return this.name + "=" + (this.name.contains("secret") || this.name.equals("token") ? "******" : this.value);
		}

	}

	public static Param p(String name, String value) {
		return new Param(name, value);
	}

	public Response post(String path, String basicUser, String basicPassword, Param... params) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(List.of(params))));
		if (basicUser != null) {
			request.header("Authorization", basic(basicUser, basicPassword));
		}
		return send(request.build());
	}

	public Response token(String clientId, String secret, String scope) {
		List<Param> params = new ArrayList<>();
		params.add(p("grant_type", "client_credentials"));
		if (scope != null) {
			params.add(p("scope", scope));
		}
		Response response = post("/oauth2/token", clientId, secret, params.toArray(Param[]::new));
		if (response.status() == 200) {
			NoSecretsInOutput.remember(response.json().get("access_token").toString());
		}
		return response;
	}

	public String accessToken(String clientId, String secret, String scope) {
		Response response = token(clientId, secret, scope);
		if (response.status() != 200) {
			throw new IllegalStateException("token request failed: " + response);
		}
		return response.json().get("access_token").toString();
	}

	public Response get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(20))
			.GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	public Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static String basic(String user, String password) {
		String pair = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(password, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	private static String form(List<Param> params) {
		return params.stream()
			.map((param) -> URLEncoder.encode(param.name(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(param.value(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/** A response as received. */
	public record Response(int status, HttpHeaders headers, String body) {

		public Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new IllegalStateException("not JSON: " + this.body, ex);
			}
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

}
