package org.pbiexport.export;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.RunsAlongside;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one render at a time and room for one more, a burst of different exports gets
 * 429s.
 */
@RunsAlongside
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.render.concurrency=1",
				"pbi-export.render.queue-capacity=1", "pbi-export.demo.data-delay=1500ms" })
class QueueFullTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Test
	void aFullQueueAnswers429WithRetryAfter() throws Exception {
		Chromium.require();
		long demo = this.catalog.allReports().stream().map(ReportSummary::id).findFirst().orElseThrow().value();
		List<String> queries = new ArrayList<>();
		for (String year : List.of("2022", "2023", "2024", "2025")) {
			for (String region : List.of("North", "East")) {
				queries.add("/api/export?report_id=" + demo + "&filter.Year=" + year + "&filter.Region=" + region);
			}
		}
		ExecutorService pool = Executors.newFixedThreadPool(queries.size());
		List<Http.Response> responses = new ArrayList<>();
		try {
			List<Future<Http.Response>> futures = new ArrayList<>();
			for (String query : queries) {
				futures.add(pool.submit(() -> new Http(this.port).get(query)));
			}
			for (Future<Http.Response> future : futures) {
				responses.add(future.get(90, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}

		List<Http.Response> refused = responses.stream().filter((r) -> r.status() == 429).toList();
		assertThat(responses).extracting(Http.Response::status).containsOnly(200, 429).contains(200);
		assertThat(refused).isNotEmpty();
		for (Http.Response response : refused) {
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			assertThat(Integer.parseInt(response.header("Retry-After").orElseThrow())).isPositive();
			assertThat(response.json().get("detail").stringValue()).contains("try again in");
		}
	}

}
