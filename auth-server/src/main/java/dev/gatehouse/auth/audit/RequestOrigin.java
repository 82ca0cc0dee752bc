package dev.gatehouse.auth.audit;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who is asking, as the audit trail records it: the request id, the origin IP (the socket's address, or the
 * nearest address in {@code X-Forwarded-For} that is not a trusted proxy, when the socket is one), the user
 * agent and the path. Values a caller sends are trimmed to what the table holds.
 *
 * @param requestId the request's id, also in the {@code X-Request-Id} response header and the log lines
 * @param originIp the caller's address
 * @param userAgent the {@code User-Agent}, or {@code null}
 * @param path the request path
 */
public record RequestOrigin(String requestId, String originIp, String userAgent, String path) {

	static final String ATTRIBUTE = RequestOrigin.class.getName();

	static final String HEADER = "X-Request-Id";

	/** The origin of a request, with the trusted proxies of this deployment. */
	static RequestOrigin of(HttpServletRequest request, List<String> trustedProxies) {
		String offered = request.getHeader(HEADER);
		String requestId = (offered != null && offered.matches("[A-Za-z0-9._-]{1,64}")) ? offered
				: UUID.randomUUID().toString();
		return new RequestOrigin(requestId, originIp(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"),
				trustedProxies), clip(request.getHeader("User-Agent"), 300), clip(request.getRequestURI(), 300));
	}

	/** The origin of the request this thread is serving, or {@code null} outside a request. */
	static RequestOrigin current() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		return (request != null)
				? (RequestOrigin) request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) : null;
	}

	static String originIp(String socket, String forwardedFor, List<String> trustedProxies) {
		Objects.requireNonNull(socket, "socket");
		if (forwardedFor == null || !trustedProxies.contains(socket)) {
			return socket;
		}
		String[] hops = forwardedFor.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].trim();
			if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
				return hop.matches("[0-9A-Fa-f.:\\[\\]]{2,45}") ? hop : socket;
			}
		}
		return socket;
	}

	private static String clip(String value, int length) {
		if (value == null) {
			return null;
		}
		String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
		return (printable.length() > length) ? printable.substring(0, length) : printable;
	}

}
