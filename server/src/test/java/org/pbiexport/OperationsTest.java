package org.pbiexport;

import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators watch: health probes without credentials, readiness that includes the
 * database, metrics.
 */
class OperationsTest extends SqliteApp {

	@LocalServerPort
	int port;

	@Test
	void healthProbesAnswerWithoutCredentials() {
		Http http = new Http(this.port);

		assertThat(http.get("/actuator/health").json().get("status").stringValue()).isEqualTo("UP");
		assertThat(http.get("/actuator/health/liveness").json().get("status").stringValue()).isEqualTo("UP");
		Http.Response readiness = http.get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("components").propertyNames()).contains("db", "readinessState");
		assertThat(readiness.body()).doesNotContain("jdbc:", "sqlite", "password");
	}

	@Test
	void prometheusMetricsAreExposed() {
		Http http = new Http(this.port);
		http.get("/api/reports");

		Http.Response metrics = http.get("/actuator/prometheus");

		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds",
				"hikaricp_connections");
	}

	@Test
	void otherActuatorEndpointsAreNotPublic() {
		Http http = new Http(this.port);

		assertThat(http.get("/actuator/env").status()).isIn(401, 404);
		assertThat(http.get("/actuator/beans").status()).isIn(401, 404);
	}

}
