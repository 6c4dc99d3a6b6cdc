package org.pbiexport.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.render.RenderPool;
import org.pbiexport.security.ApiKeys;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.Reports;
import org.pbiexport.testsupport.TestDatabase;
import org.pbiexport.testsupport.Pictures;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The export engine against the demo report in real Chromium: the file shows the chosen
 * page and filter values, is captured after the visuals finished (with and without the
 * page's signal), multi-page PDFs keep order and outline, identical requests share one
 * render, and budgets hold.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.render.concurrency=2" })
class ExportEngineTest {

	static final String REGIONS = "ReportSection6f7a8b9c0d";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Autowired
	RenderPool renderPool;

	@Autowired
	Environment environment;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ApiKeys keys;

	Http http;

	long demo;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.demo = Reports.idOf(this.catalog, "Sales demo");
	}

	@Test
	void aPngShowsTheChosenPageAndFiltersOnceEverythingIsDrawn() throws IOException {
		String query = "/api/export?report_id=" + this.demo + "&page=" + REGIONS
				+ "&filter.Year=2023&filter.Region=North&filter.Region=South";
		HttpResponse<byte[]> response = get(query, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(response.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(response.headers().firstValue("X-Render-Readiness")).hasValue("signal");
		assertThat(response.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"Sales-demo-Regions-2023-North-South.png\"");
		BufferedImage exported = ImageIO.read(new ByteArrayInputStream(response.body()));
		assertThat(exported.getWidth()).isEqualTo(1280);
		assertThat(exported.getHeight()).isEqualTo(720);
		Files.createDirectories(Path.of("target"));
		Files.write(Path.of("target/export-regions.png"), response.body());

		// The same page, finished, as a person would see it: the export must match it.
		BufferedImage finished = ImageIO.read(new ByteArrayInputStream(finishedScreenshot(dryRunUrl(query))));
		assertThat(Pictures.differingPixels(exported, finished)).isLessThan(1280 * 720 / 200);
	}

	@Test
	void theSameExportComesFromTheCacheAndAnswers304ToItsETag() {
		String query = "/api/export?report_id=" + this.demo + "&filter.Year=2022";
		HttpResponse<byte[]> first = get(query, null);
		HttpResponse<byte[]> second = get(query, null);
		String etag = first.headers().firstValue("ETag").orElseThrow();

		assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(second.headers().firstValue("ETag")).hasValue(etag);
		assertThat(get(query, etag).statusCode()).isEqualTo(304);
	}

	@Test
	void aThreePagePdfHasItsPagesInOrderWithAnOutline() throws IOException {
		HttpResponse<byte[]> response = get("/api/export?report_id=" + this.demo + "&format=pdf&filter.Year=2024",
				null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
		Files.write(Path.of("target/export-demo.pdf"), response.body());
		try (PDDocument pdf = Loader.loadPDF(response.body())) {
			assertThat(pdf.getNumberOfPages()).isEqualTo(3);
			assertThat(pageText(pdf, 1)).contains("Overview", "Year: 2024", "Total sales");
			assertThat(pageText(pdf, 2)).contains("Regions", "Year: 2024", "North", "South");
			assertThat(pageText(pdf, 3)).contains("Details", "Monthly sales by region", "Dec 2024");
			List<String> outline = new ArrayList<>();
			for (PDOutlineItem item : pdf.getDocumentCatalog().getDocumentOutline().children()) {
				outline.add(item.getTitle());
			}
			assertThat(outline).containsExactly("Overview", "Regions", "Details");
		}
	}

	@Test
	void withoutTheSignalTheFallbackRulesWaitForTheVisuals() throws IOException {
		long silent = this.catalog.create(withAddress("/demo/report?signal=false", null), "test").id().value();

		HttpResponse<byte[]> response = get("/api/export?report_id=" + silent + "&format=pdf&page=" + REGIONS
				+ "&filter.Year=2023&filter.Region=East", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Render-Readiness")).hasValue("fallback");
		try (PDDocument pdf = Loader.loadPDF(response.body())) {
			// The table is drawn last; its numbers prove the capture waited for it.
			assertThat(pageText(pdf, 1)).contains("Regions", "East", DemoNumbers.sales(2023, "East"));
		}
	}

	@Test
	void aPageThatNeverFinishesIs504WithinItsBudgetAndLeavesNothingOpen() {
		long slow = this.catalog
			.create(withAddress("/demo/report?delay_ms=5000",
					new RenderSettings(null, null, 1500, null, null, null, false)), "test")
			.id()
			.value();

		long started = System.nanoTime();
		Http.Response response = this.http.get("/api/export?report_id=" + slow);
		long tookMillis = (System.nanoTime() - started) / 1_000_000;

		assertThat(response.status()).isEqualTo(504);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("detail").stringValue()).contains("time budget");
		assertThat(tookMillis).isLessThan(4_000);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.renderPool.openContexts() == 0);
	}

	@Test
	void twentyIdenticalRequestsAtOnceCauseOneRender() throws Exception {
		String query = "/api/export?report_id=" + this.demo + "&filter.Year=2025&filter.Region=West";
		long before = this.renderPool.renders();
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				responses.add(pool.submit(() -> get(query, null)));
			}
			for (Future<HttpResponse<byte[]>> response : responses) {
				assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.renderPool.renders() - before).isEqualTo(1);
	}

	@Test
	void aJsonBodyExportsToo() {
		Http.Response response = this.http.post("/api/export",
				"{\"report_id\": " + this.demo + ", \"format\": \"png\", \"filters\": {\"Year\": 2022, "
						+ "\"Region\": [\"East\", \"West\"]}, \"download\": false}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Disposition"))
			.hasValue("inline; filename=\"Sales-demo-Overview-2022-East-West.png\"");
		Http.Response invalid = this.http.post("/api/export",
				"{\"report_id\": " + this.demo + ", \"filters\": {\"Year\": 1999}}");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().get("errors").get(0).get("allowed_values").toString())
			.isEqualTo("[2022,2023,2024,2025]");
	}

	@Test
	void anExportJobIsQueuedFollowedAndFetched() throws IOException {
		Http.Response accepted = this.http.post("/api/exports", "{\"report_id\": " + this.demo
				+ ", \"format\": \"pdf\", \"pages\": [\"" + REGIONS + "\"], " + "\"filters\": {\"Year\": 2023}}");

		assertThat(accepted.status()).isEqualTo(202);
		String jobId = accepted.json().get("job_id").stringValue();
		assertThat(accepted.json().get("status").stringValue()).isEqualTo("queued");
		assertThat(accepted.json().get("status_url").stringValue()).isEqualTo("/api/exports/" + jobId);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.http.get("/api/exports/" + jobId).json().get("status").stringValue().equals("done"));
		Http.Response status = this.http.get("/api/exports/" + jobId + "/");
		assertThat(status.json().get("progress").doubleValue()).isEqualTo(1.0);
		assertThat(status.json().get("finished_at").isNull()).isFalse();
		assertThat(status.json().get("error").isNull()).isTrue();
		assertThat(status.json().get("file_url").stringValue()).isEqualTo("/api/exports/" + jobId + "/file");

		HttpResponse<byte[]> file = get("/api/exports/" + jobId + "/file", null);
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"Sales-demo-Regions-2023-North-South.pdf\"");
		try (PDDocument pdf = Loader.loadPDF(file.body())) {
			assertThat(pageText(pdf, 1)).contains("Regions", "Year: 2023", DemoNumbers.sales(2023, "South"));
		}
		assertThat(this.http.get("/api/exports/no-such-job").status()).isEqualTo(404);
		assertThat(this.http.get("/api/exports/no-such-job/file").status()).isEqualTo(404);
	}

	@Test
	void aFailedJobSaysWhy() {
		long slow = this.catalog
			.create(withAddress("/demo/report?delay_ms=5000",
					new RenderSettings(null, null, 1000, null, null, null, false)), "test")
			.id()
			.value();
		String jobId = this.http.post("/api/exports", "{\"report_id\": " + slow + "}")
			.json()
			.get("job_id")
			.stringValue();

		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.http.get("/api/exports/" + jobId).json().get("status").stringValue().equals("failed"));
		JsonNode error = this.http.get("/api/exports/" + jobId).json().get("error");
		assertThat(error.get("status").intValue()).isEqualTo(504);
		assertThat(error.get("detail").stringValue()).contains("time budget");
		assertThat(this.http.get("/api/exports/" + jobId).json().get("file_url").isNull()).isTrue();
		assertThat(this.http.get("/api/exports/" + jobId + "/file").status()).isEqualTo(504);
	}

	@Test
	void metricsShowPhasesOutcomesAndTheCache() {
		String query = "/api/export?report_id=" + this.demo + "&filter.Year=2023&filter.Region=West";
		get(query, null);
		get(query, null);

		String metrics = this.http.get("/actuator/prometheus").body();

		for (String phase : List.of("queue", "context", "navigate", "ready", "capture", "assemble")) {
			assertThat(metrics)
				.contains("pbi_export_phase_seconds_count{application=\"pbi-export\",phase=\"" + phase + "\"}");
		}
		assertThat(metrics)
			.containsPattern("pbi_export_render_seconds_count\\{[^}]*outcome=\"ok\",readiness=\"signal\"")
			.containsPattern("pbi_export_cache_requests_total\\{[^}]*result=\"hit\"")
			.contains("pbi_export_queue_depth", "pbi_export_browser_restarts", "pbi_export_render_contexts_open");
	}

	@Test
	void aReportEditDropsItsCachedFiles() {
		Report copy = this.catalog.create(withAddress("/demo/report?copy=1", null), "test");
		String query = "/api/export?report_id=" + copy.id() + "&filter.Year=2022";
		assertThat(get(query, null).headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(get(query, null).headers().firstValue("X-Cache")).hasValue("HIT");

		Path cached = Path.of(this.environment.getProperty("pbi-export.data-dir"), "cache", copy.id().toString());
		assertThat(cached).isDirectory();

		this.catalog.update(copy.id(), copy.draft(), null, "test");

		assertThat(cached).doesNotExist();
		assertThat(get(query, null).headers().firstValue("X-Cache")).hasValue("MISS");
	}

	@Test
	void aRepeatedRequestIsAnsweredFromTheCacheWithoutAskingTheDatabase() {
		Report copy = this.catalog.create(withAddress("/demo/report?repeat=1", null), "test");
		String query = "/api/export?report_id=" + copy.id() + "&filter.Year=2024&width=1280";
		assertThat(get(query, null).headers().firstValue("X-Cache")).hasValue("MISS");
		// Remembered afresh (the render may outlast a remembered export's short life).
		assertThat(get(query, null).headers().firstValue("X-Cache")).hasValue("HIT");
		double connections = databaseConnections();

		for (int i = 0; i < 20; i++) {
			HttpResponse<byte[]> repeated = get(query, null);
			assertThat(repeated.statusCode()).isEqualTo(200);
			assertThat(repeated.headers().firstValue("X-Cache")).hasValue("HIT");
		}

		// No request asked the database: only the export log's writer did, a transaction
		// per
		// half second of answers (one connection each), off the requests' threads; a
		// database read per hit would be 20 more.
		assertThat(databaseConnections()).isLessThanOrEqualTo(connections + 4);
		// Reused, the request is still held to the caller's scope.
		String otherReportsKey = this.keys.create("another report only", Set.of(this.demo), Set.of(), false, "test")
			.secret();
		assertThat(this.http.with("X-API-Key", otherReportsKey).get(query).status()).isEqualTo(404);
	}

	@Test
	void aReportChangeIsSeenByTheVeryNextRequest() {
		Report copy = this.catalog.create(withAddress("/demo/report?change=1", null), "test");
		String query = "/api/export?report_id=" + copy.id() + "&filter.Year=2022";
		assertThat(get(query, null).statusCode()).isEqualTo(200);
		assertThat(get(query, null).headers().firstValue("X-Cache")).hasValue("HIT");

		// 2022 is no longer an allowed value: the file made for it is not served.
		ReportDraft draft = copy.draft();
		this.catalog.update(copy.id(),
				draft.withFilters(draft.filters()
					.stream()
					.map((f) -> f.column().equals("Year") ? new org.pbiexport.catalog.Filter(f.label(), f.table(),
							f.column(), f.type(), f.multiple(), f.required(), List.of(2023L, 2024L), List.of()) : f)
					.toList()),
				null, "test");
		Http.Response refused = this.http.get(query);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").stringValue()).isEqualTo("filters.Year");

		this.catalog.update(copy.id(), draft.withEnabled(false), null, "test");
		assertThat(this.http.get(query).status()).isEqualTo(404);
	}

	private double databaseConnections() {
		return this.meters.get("hikaricp.connections.acquire").tag("pool", "metadata").timer().count();
	}

	@Test
	void aReadySelectorWaitsForAndClipsToTheReportArea() throws IOException {
		long clipped = this.catalog
			.create(withAddress("/demo/report?area=1",
					new RenderSettings(".visual-container[data-visual='Sales by month']", null, null, null, null, null,
							false)),
					"test")
			.id()
			.value();

		HttpResponse<byte[]> response = get("/api/export?report_id=" + clipped, null);

		assertThat(response.statusCode()).isEqualTo(200);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
		assertThat(image.getWidth()).isBetween(300, 700);
		assertThat(image.getHeight()).isBetween(200, 400);
	}

	@Test
	void aReportShowingAnErrorIs502WithWhatWasSeen() {
		long broken = this.catalog
			.create(withAddress("/demo/report?filter=Calendar%2FYear%20eq%20%27oops",
					new RenderSettings(null, null, null, null, false, null, false)), "test")
			.id()
			.value();
		ReportDraft unfiltered = this.catalog.find(new org.pbiexport.catalog.ReportId(broken)).orElseThrow().draft();
		this.catalog.update(new org.pbiexport.catalog.ReportId(broken),
				new ReportDraft(unfiltered.title(), unfiltered.description(), unfiltered.embedUrl(), "demo", "url",
						unfiltered.settings(), true, unfiltered.pages(),
						unfiltered.filters()
							.stream()
							.map((f) -> new org.pbiexport.catalog.Filter(f.label(), f.table(), f.column(), f.type(),
									f.multiple(), f.required(), f.allowedValues(), List.of()))
							.toList()),
				null, "test");

		// As an admin: anonymous callers get general words and an incident id instead.
		Http.Response response = this.http.as("admin", "test-admin-pw").get("/api/export?report_id=" + broken);

		assertThat(response.status()).isEqualTo(502);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("detail").stringValue()).contains("error", "Couldn't apply the filter");
		assertThat(response.body()).doesNotContain("Exception", "playwright", "at com.");
	}

	private ReportDraft withAddress(String address, RenderSettings settings) {
		ReportDraft demo = this.catalog.find(new org.pbiexport.catalog.ReportId(this.demo)).orElseThrow().draft();
		return new ReportDraft("Demo at " + address, demo.description(), address, "demo", "url",
				(settings != null) ? settings : demo.settings(), true, demo.pages(), demo.filters());
	}

	private String dryRunUrl(String query) {
		return this.http.as("admin", "test-admin-pw")
			.get(query + "&dry_run=true")
			.json()
			.get("render_url")
			.stringValue();
	}

	private byte[] finishedScreenshot(String url) {
		try (BrowserContext context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(1280, 720))) {
			Page page = context.newPage();
			page.navigate(url);
			page.waitForFunction("() => document.documentElement.dataset.renderState === 'rendered'");
			return page.screenshot();
		}
	}

	private HttpResponse<byte[]> get(String path, String ifNoneMatch) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pageText(PDDocument pdf, int page) throws IOException {
		PDFTextStripper stripper = new PDFTextStripper();
		stripper.setStartPage(page);
		stripper.setEndPage(page);
		return stripper.getText(pdf);
	}

}
