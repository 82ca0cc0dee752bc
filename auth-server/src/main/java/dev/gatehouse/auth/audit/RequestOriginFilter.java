package dev.gatehouse.auth.audit;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request its {@link RequestOrigin}: a request id (the caller's {@code X-Request-Id} if it is a
 * plain token of at most 64 characters, else a new one), answered in the {@code X-Request-Id} header and put
 * in the log context ({@code request_id}) for every line written while the request runs.
 */
final class RequestOriginFilter extends OncePerRequestFilter {

	private final List<String> trustedProxies;

	RequestOriginFilter(List<String> trustedProxies) {
		this.trustedProxies = List.copyOf(trustedProxies);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestOrigin origin = RequestOrigin.of(request, this.trustedProxies);
		request.setAttribute(RequestOrigin.ATTRIBUTE, origin);
		response.setHeader(RequestOrigin.HEADER, origin.requestId());
		MDC.put("request_id", origin.requestId());
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("request_id");
		}
	}

}
