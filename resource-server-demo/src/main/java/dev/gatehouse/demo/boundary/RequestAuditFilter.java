package dev.gatehouse.demo.boundary;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One structured audit line per request, like the seed's {@code Logger.metadata(user_id: …, scope: …)}:
 * subject, client id, scopes granted and the scope this route requires, method, path, origin IP, status,
 * outcome, duration and a request id (echoed in {@code X-Request-Id}). Never the token itself.
 */
final class RequestAuditFilter extends OncePerRequestFilter {

	static final String REQUEST_ID_HEADER = "X-Request-Id";

	private static final Logger audit = LoggerFactory.getLogger("gatehouse.demo.audit");

	private static final List<String> AUDIT_KEYS = List.of("request_id", "method", "path", "origin_ip", "status",
			"outcome", "duration_ms", "subject", "client_id", "scopes", "scope_required");

	private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		String requestId = requestId(request);
		response.setHeader(REQUEST_ID_HEADER, requestId);
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			// the container turns this into a 500 after we return: record what the caller will see
			record(request, 500, requestId, (System.nanoTime() - started) / 1_000_000);
			throw ex;
		}
		record(request, response.getStatus(), requestId, (System.nanoTime() - started) / 1_000_000);
	}

	private static void record(HttpServletRequest request, int status, String requestId, long durationMs) {
		Caller caller = Caller.of(SecurityContextHolder.getContext().getAuthentication());
		try {
			MDC.put("request_id", requestId);
			MDC.put("method", request.getMethod());
			MDC.put("path", request.getRequestURI());
			MDC.put("origin_ip", request.getRemoteAddr());
			MDC.put("status", Integer.toString(status));
			MDC.put("outcome", outcome(status));
			MDC.put("duration_ms", Long.toString(durationMs));
			if (caller != null) {
				MDC.put("subject", caller.subject());
				MDC.put("client_id", caller.clientId());
				MDC.put("scopes", String.join(" ", caller.scopes()));
			}
			AccessRule.of(request).map(AccessRule::scope).ifPresent((scope) -> MDC.put("scope_required", scope));
			audit.info("{} {} {} {}", request.getMethod(), request.getRequestURI(), status,
					Optional.ofNullable(caller).map(Caller::subject).orElse("anonymous"));
		}
		finally {
			AUDIT_KEYS.forEach(MDC::remove);
		}
	}

	private static String requestId(HttpServletRequest request) {
		String presented = request.getHeader(REQUEST_ID_HEADER);
		return (presented != null && SAFE_REQUEST_ID.matcher(presented).matches()) ? presented
				: UUID.randomUUID().toString();
	}

	private static String outcome(int status) {
		if (status < 400) {
			return "allowed";
		}
		return switch (status) {
			case 401 -> "unauthenticated";
			case 403 -> "forbidden";
			default -> (status >= 500) ? "error" : "rejected";
		};
	}

}
