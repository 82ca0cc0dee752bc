package dev.gatehouse.auth.protocol;

import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ProtocolErrorFilterTests {

	private final ProtocolErrorFilter filter = new ProtocolErrorFilter();

	@Test
	void databaseFailureThenTemporarilyUnavailable(CapturedOutput output) throws Exception {
		MockHttpServletResponse response = run((request, ignored) -> {
			throw new DataAccessResourceFailureException("connection refused for secret-looking-value");
		});

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(json(response)).containsEntry("error", "temporarily_unavailable");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(output.getAll()).contains("DataAccessResourceFailureException").doesNotContain("secret-looking-value");
	}

	@Test
	void unexpectedFailureThenServerErrorWithFixedTextAndNoMessageLogged(CapturedOutput output) throws Exception {
		MockHttpServletResponse response = run((request, ignored) -> {
			throw new IllegalStateException("token=eyJsecret");
		});

		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(json(response)).containsEntry("error", "server_error")
			.containsEntry("error_description", "The server could not complete the request");
		assertThat(response.getContentAsString()).doesNotContain("eyJsecret");
		assertThat(output.getAll()).contains("IllegalStateException").doesNotContain("eyJsecret");
	}

	private MockHttpServletResponse run(FilterChain chain) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest("POST", "/oauth2/token"), response, chain);
		return response;
	}

	private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return JSONObjectUtils.parse(response.getContentAsString());
	}

}
