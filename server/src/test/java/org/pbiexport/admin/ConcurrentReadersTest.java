package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100 concurrent readers of {@code /api/filters/{id}} while an admin replaces the report
 * again and again through the admin API: every read succeeds and shows one whole version,
 * never a mix.
 */
class ConcurrentReadersTest extends SqliteApp {

	static final int READERS = 100;

	static final int UPDATES = 12;

	@LocalServerPort
	int port;

	@Test
	void readersNeverSeeErrorsOrPartialReports() throws Exception {
		Http admin = new Http(this.port).as("admin", "test-admin-pw");
		String versionA = AdminApiTest.DOCUMENT.formatted(AdminApiTest.json(AdminApiTest.IFRAME));
		String versionB = versionA
			.replace("[\"Online\", \"Retail\"]", "[\"Online\", \"Retail\", \"Partner\", \"Direct\"]")
			.replace("[2023, 2024]", "[2021, 2022, 2023, 2024, 2025]");
		long id = admin.post("/api/admin/reports", versionA).json().get("report_id").longValue();
		String filtersA = new Http(this.port).get("/api/filters/" + id).body();
		admin.put("/api/admin/reports/" + id, versionB);
		String filtersB = new Http(this.port).get("/api/filters/" + id).body();
		assertThat(filtersA).isNotEqualTo(filtersB);

		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger reads = new AtomicInteger();
		Set<String> seen = ConcurrentHashMap.newKeySet();
		CountDownLatch started = new CountDownLatch(READERS);
		ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
		try {
			List<Future<?>> readers = new ArrayList<>();
			for (int i = 0; i < READERS; i++) {
				readers.add(pool.submit(() -> {
					Http reader = new Http(this.port);
					started.countDown();
					do {
						Http.Response response = reader.get("/api/filters/" + id);
						assertThat(response.status()).as(response.body()).isEqualTo(200);
						assertThat(response.body()).isIn(filtersA, filtersB);
						seen.add(response.body());
						reads.incrementAndGet();
					}
					while (writing.get());
					return null;
				}));
			}
			Future<?> writer = pool.submit(() -> {
				try {
					started.await(30, TimeUnit.SECONDS);
					for (int i = 0; i < UPDATES; i++) {
						Http.Response response = admin.put("/api/admin/reports/" + id,
								(i % 2 == 0) ? versionA : versionB);
						assertThat(response.status()).as(response.body()).isEqualTo(200);
					}
				}
				finally {
					writing.set(false);
				}
				return null;
			});
			writer.get(120, TimeUnit.SECONDS);
			for (Future<?> reader : readers) {
				reader.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(reads.get()).isGreaterThanOrEqualTo(READERS);
		JsonNode last = Http.parse(new Http(this.port).get("/api/filters/" + id).body());
		assertThat(last.get("filters").get(0).get("allowed_values").size()).isEqualTo(4);
	}

}
