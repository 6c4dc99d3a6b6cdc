package org.pbiexport;

import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.RawHttp;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks and faults of issue 14 against the running app over real HTTP, each
 * reproduced as it was found and answered as it must be now. One context for all of them;
 * the ones that need the {@code prod} profile are in {@code ProdHardeningTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw" })
class HardeningTest {

	static final String ADMIN_PASSWORD = "test-admin-pw";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void addressesTomcatRefusesAreAnsweredWithProblems() {
		for (String target : new String[] { "/api/reports%2Fx", "/api/reports%00", "/api/re|ports",
				"/api/reports?q=" + "a".repeat(20_000) }) {
			RawHttp.Response refused = RawHttp.get(this.port, "GET", target);

			assertThat(refused.status()).as(target.substring(0, Math.min(40, target.length()))).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("status").asInt()).isEqualTo(400);
			assertThat(refused.json().get("type").stringValue()).isEqualTo("/problems/invalid-request");
			assertThat(refused.body()).doesNotContain("<html", "Tomcat").hasSizeLessThan(1000);
		}
		RawHttp.Response hugeHeader = RawHttp.get(this.port, "GET", "/api/reports", "X-Padding: " + "b".repeat(20_000));
		assertThat(hugeHeader.status()).isEqualTo(400);
		assertThat(hugeHeader.contentType()).startsWith("application/problem+json");
	}

	@Test
	void invalidUtf8InAQueryValueIsTheClientsFault() {
		Http.Response response = new Http(this.port).get("/api/export?report_id=1&filter.year=%C3%28");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("query");
		assertThat(response.body()).doesNotContain("Tomcat", "tomcat", "Exception");
	}

	@Test
	void springsOwnErrorsAreProblemsToo() {
		RawHttp.Response trace = RawHttp.get(this.port, "TRACE", "/api/reports");
		assertThat(trace.status()).isEqualTo(405);
		assertThat(trace.contentType()).startsWith("application/problem+json");
		assertThat(trace.json().get("type").stringValue()).isEqualTo("/problems/method-not-allowed");
		assertThat(trace.json().has("timestamp")).isFalse();

		Http.Response error = new Http(this.port).get("/error");
		assertThat(error.status()).isEqualTo(404);
		assertThat(error.contentType()).isEqualTo("application/problem+json");
		assertThat(error.json().has("timestamp")).isFalse();

		Http.Response page = new Http(this.port).with("Accept", "text/html").get("/error");
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.body()).contains("There is nothing at this address", "HTTP 404");
	}

}
