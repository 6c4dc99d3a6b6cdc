package org.pbiexport;

import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defects of issue 14 that showed in the {@code prod} profile, against the running
 * app over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.demo.seed=false",
				"pbi-export.api.allowed-origins=https://intranet.example.com",
				"pbi-export.secret-key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" })
@ActiveProfiles("prod")
class ProdHardeningTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void aPageOfAnOriginNotAllowedIsRefusedWithAProblem() {
		Http.Response refused = new Http(this.port).with("Origin", "https://evil.example.com").get("/api/reports");

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(refused.json().get("type").stringValue()).isEqualTo("/problems/origin-not-allowed");
		assertThat(refused.json().get("detail").stringValue()).contains("pbi-export.api.allowed-origins");
	}

}
