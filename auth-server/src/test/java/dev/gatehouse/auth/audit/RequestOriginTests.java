package dev.gatehouse.auth.audit;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestOriginTests {

	@Test
	void forwardedForIsIgnoredUnlessTheSocketIsATrustedProxy() {
		assertThat(RequestOrigin.originIp("203.0.113.9", "198.51.100.1", List.of())).isEqualTo("203.0.113.9");
		assertThat(RequestOrigin.originIp("203.0.113.9", "198.51.100.1", List.of("10.0.0.1"))).isEqualTo("203.0.113.9");
	}

	@Test
	void behindTrustedProxiesTheNearestUntrustedHopIsTheOrigin() {
		List<String> proxies = List.of("10.0.0.1", "10.0.0.2");

		assertThat(RequestOrigin.originIp("10.0.0.1", "198.51.100.1", proxies)).isEqualTo("198.51.100.1");
		assertThat(RequestOrigin.originIp("10.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2", proxies))
			.as("a client-supplied first hop is not believed").isEqualTo("198.51.100.1");
		assertThat(RequestOrigin.originIp("10.0.0.1", "not-an-ip<script>", proxies)).isEqualTo("10.0.0.1");
		assertThat(RequestOrigin.originIp("10.0.0.1", "10.0.0.2", proxies)).isEqualTo("10.0.0.1");
	}

}
