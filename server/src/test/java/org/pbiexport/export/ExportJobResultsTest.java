package org.pbiexport.export;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pbiexport.PbiExportApplication;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.Reports;
import org.pbiexport.testsupport.RunsAlongside;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Results of export jobs live in the artifact store within bounds of their own (here one
 * file), and job records outlive a restart: a finished job is still there with its file,
 * and one that was running is reported as interrupted.
 */
@RunsAlongside
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.render.concurrency=1",
				"pbi-export.export.jobs.max-files=1", "pbi-export.demo.max-data-delay=90s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportJobResultsTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Value("${pbi-export.data-dir}")
	Path dataDir;

	Http http;

	long demo;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.demo = Reports.idOf(this.catalog, "Sales demo");
	}

	@Test
	@Order(1)
	void theOldestJobFileIsDroppedBeyondTheBoundAndItsJobSaysSo() {
		String first = done("{\"report_id\": " + this.demo + ", \"filters\": {\"Year\": 2022}}");
		String second = done("{\"report_id\": " + this.demo + ", \"filters\": {\"Year\": 2023}}");

		Http.Response dropped = this.http.get("/api/exports/" + first + "/file");
		assertThat(dropped.status()).isEqualTo(404);
		assertThat(dropped.contentType()).isEqualTo("application/problem+json");
		assertThat(dropped.json().get("detail").stringValue()).contains("no longer kept", "at most 1 job files",
				"Queue the export again");
		assertThat(this.http.get("/api/exports/" + first).json().get("status").stringValue()).isEqualTo("done");
		assertThat(this.http.get("/api/exports/" + second + "/file").status()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void jobsOutliveARestartForAsLongAsTheyAreKept() {
		String finished = done("{\"report_id\": " + this.demo + ", \"filters\": {\"Year\": 2024}}");
		byte[] file = this.http.download("/api/exports/" + finished + "/file").body();
		long slow = this.catalog.create(slowCopy(), "test").id().value();
		String running = this.http.post("/api/exports", "{\"report_id\": " + slow + "}")
			.json()
			.get("job_id")
			.stringValue();

		try (ConfigurableApplicationContext restarted = restart()) {
			ExportJobs jobs = restarted.getBean(ExportJobs.class);

			ExportJobs.Job kept = jobs.find(finished).orElseThrow();
			assertThat(kept.status()).isEqualTo("done");
			assertThat(kept.finishedAt()).isNotNull();
			assertThat(jobs.file(kept).orElseThrow().bytes()).isEqualTo(file);
			assertThat(kept.labels().disposition()).contains("attachment", ".png");

			ExportJobs.Job interrupted = jobs.find(running).orElseThrow();
			assertThat(interrupted.status()).isEqualTo("failed");
			assertThat(interrupted.problem().status().value()).isEqualTo(503);
			assertThat(interrupted.problem().getMessage()).contains("restarted");
			assertThat(jobs.find("00000000-0000-0000-0000-000000000000")).isEmpty();
		}
	}

	private String done(String body) {
		Http.Response accepted = this.http.post("/api/exports", body);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		String id = accepted.json().get("job_id").stringValue();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.http.get("/api/exports/" + id).json().get("status").stringValue().equals("done"));
		return id;
	}

	private ReportDraft slowCopy() {
		ReportDraft draft = this.catalog.find(new ReportId(this.demo)).orElseThrow().draft();
		// Still running when the restarted app looks, however busy the machine: were it
		// to
		// finish first, its file would drop the finished job's (one job file is kept).
		return new ReportDraft("Slow copy", draft.description(), "/demo/report?delay_ms=80000", "demo", "url",
				new RenderSettings(null, null, 90_000, null, null, null, false), true, draft.pages(), draft.filters());
	}

	/**
	 * The app once more on the same data dir and database, without a web server: what a
	 * restart would find. Settings as command-line arguments, which outrank
	 * application.yml.
	 */
	private ConfigurableApplicationContext restart() {
		return new SpringApplicationBuilder(PbiExportApplication.class).web(WebApplicationType.NONE)
			.run("--pbi-export.data-dir=" + this.dataDir, "--pbi-export.demo.seed=false",
					"--pbi-export.admin.password=test-admin-pw", "--pbi-export.render.concurrency=1",
					"--spring.main.banner-mode=off");
	}

}
