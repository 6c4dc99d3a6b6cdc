package org.pbiexport.export;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.cache.Artifact;
import org.pbiexport.cache.ArtifactStore;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.render.RenderPool;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.Reports;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.dates;

/**
 * The export request checks of docs/contract.md and the admins' dry run, over real HTTP.
 */
class DryRunTest extends SqliteApp {

	static final String EMBED = "https://app.powerbi.com/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715&autoAuth=true&ctid=72f988bf-86f1-41af-91ab-2d7cd011db47";

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Autowired
	ExportPlanner planner;

	@Autowired
	ArtifactStore store;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RenderPool renderer;

	Http anonymous;

	Http admin;

	static Report report;

	@BeforeEach
	void setUp() {
		this.anonymous = new Http(this.port);
		this.admin = this.anonymous.as("admin", "test-admin-pw");
		if (report == null) {
			report = this.catalog.create(aReport().titled("Names with 'quotes'")
				.at(EMBED, "secure_embed")
				.withPage("Overview")
				.withPage("Details")
				.withFilter(new Filter("Channel", "Sales Channel", "Channel-Name", FilterType.TEXT, true, false,
						List.of("Online", "Retail", "Partner"), List.of("Online")))
				.withFilter(new Filter("Owner", "Store's Owner", "Owner", FilterType.TEXT, false, false,
						List.of("O'Brien", "Smith & Sons"), List.of()))
				.withFilter(new Filter("Year", "Calendar", "Fiscal Year", FilterType.INTEGER, false, false,
						List.of(2023L, 2024L), List.of(2024L)))
				.withFilter(new Filter("Price", "Product", "price", FilterType.DECIMAL, false, false,
						List.of(new BigDecimal("5.50"), new BigDecimal("10")), List.of()))
				.withFilter(dates(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 29)))
				.build(), "test");
		}
	}

	@Test
	void dryRunShowsTheRenderAddressWithEscapedNamesAndEncodedFilter() {
		Http.Response response = this.admin.get("/api/export?report_id=" + report.id()
				+ "&page=ReportSection2&filter.Channel-Name=Retail&filter.Channel-Name=Online&filter.Owner=O%27Brien"
				+ "&filter.date=2024-02-29&dry_run=true");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("filter").stringValue()).isEqualTo("Sales_x0020_Channel/Channel_x002D_Name in ('Online', "
				+ "'Retail') and Store_x0027_s_x0020_Owner/Owner eq 'O''Brien' and Calendar/Fiscal_x0020_Year eq 2024 "
				+ "and Calendar/date eq 2024-02-29");
		assertThat(body.get("render_url").stringValue()).isEqualTo(EMBED + "&pageName=ReportSection2&filter="
				+ "Sales_x0020_Channel%2FChannel_x002D_Name%20in%20%28%27Online%27%2C%20%27Retail%27%29%20and%20"
				+ "Store_x0027_s_x0020_Owner%2FOwner%20eq%20%27O%27%27Brien%27%20and%20"
				+ "Calendar%2FFiscal_x0020_Year%20eq%202024%20and%20Calendar%2Fdate%20eq%202024-02-29"
				+ "&navContentPaneEnabled=false&filterPaneEnabled=false");
		assertThat(body.get("cache_key").stringValue()).matches("[0-9a-f]{64}");
	}

	@Test
	void theCacheKeyDependsOnMeaningNotOnSpelling() {
		String a = cacheKey(
				"&filter.Channel-Name=Retail&filter.Channel-Name=Online&filter.price=5.5&filter.date=2024-01-31");
		String b = cacheKey(
				"&filter.price=5.50&filter.Channel-Name=Online&filter.Channel-Name=Retail&filter.date=2024-01-31&format=png");
		String c = cacheKey("&filter.Channel-Name=Online&filter.date=2024-01-31");
		String d = cacheKey(
				"&filter.Channel-Name=Retail&filter.Channel-Name=Online&filter.price=5.5&filter.date=2024-01-31&scale=2");
		String ownSize = cacheKey("&filter.date=2024-01-31");
		String ownSizeAsked = cacheKey("&filter.date=2024-01-31&width=1280&height=720&scale=1.0&page=ReportSection1");
		String otherSize = cacheKey("&filter.date=2024-01-31&width=1024");

		assertThat(a).isEqualTo(b);
		assertThat(a).isNotEqualTo(c).isNotEqualTo(d);
		assertThat(ownSizeAsked).isEqualTo(ownSize).isEqualTo(cacheKey("&filter.date=2024-01-31"));
		assertThat(otherSize).isNotEqualTo(ownSize);
	}

	@Test
	void everyProblemIsOneErrorEntry() {
		Http.Response response = this.admin.get("/api/export?report_id=" + report.id()
				+ "&filter.colour=red&filter.Fiscal%20Year=2030&filter.Owner=O%27Brien&filter.Owner=Smith%20%26%20Sons"
				+ "&filter.price=cheap&format=gif&scale=5&width=20&dry_run=true");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		List<String> fields = response.json()
			.get("errors")
			.valueStream()
			.map((e) -> e.get("field").stringValue())
			.toList();
		assertThat(fields).containsExactlyInAnyOrder("filters.colour", "filters.Fiscal Year", "filters.Owner",
				"filters.price", "filters.date", "format", "scale", "width");
		JsonNode year = error(response, "filters.Fiscal Year");
		assertThat(year.get("message").stringValue()).contains("2030");
		assertThat(year.get("allowed_values").toString()).isEqualTo("[2023,2024]");
		assertThat(error(response, "filters.date").get("message").stringValue()).contains("required");
		assertThat(error(response, "filters.price").get("message").stringValue()).contains("number");
		assertThat(error(response, "filters.Owner").get("message").stringValue()).contains("one value");
	}

	@Test
	void unknownReportsAndPagesAre404() {
		assertThat(this.admin.get("/api/export?report_id=999999&dry_run=true").status()).isEqualTo(404);
		Http.Response page = this.admin.get("/api/export?report_id=" + report.id() + "&page=Overview&dry_run=true");
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.json().get("detail").stringValue()).contains("ReportSection1");
		assertThat(this.admin.get("/export?report_id=abc&dry_run=true").status()).isEqualTo(400);
		assertThat(this.admin.get("/api/export?dry_run=true").json().get("errors").get(0).get("field").stringValue())
			.isEqualTo("report_id");
	}

	@Test
	void dryRunIsForAdminsOnly() {
		Http.Response response = this.anonymous.get("/api/export?report_id=" + report.id() + "&dry_run=true");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void theDemoReportResolvesAgainstTheAppsOwnAddress() {
		Report demo = this.catalog.create(aReport().titled("Demo").at("/demo/report", "demo").withPage("First").build(),
				"test");

		Http.Response response = this.admin.get("/export/?report_id=" + demo.id() + "&dry_run=true");

		assertThat(response.json().get("render_url").stringValue()).isEqualTo("http://localhost:" + this.port
				+ "/demo/report?pageName=ReportSection1" + "&navContentPaneEnabled=false&filterPaneEnabled=false");
		assertThat(response.json().get("filter").isNull()).isTrue();
	}

	/**
	 * A 20-page PDF on an idle server: once refused with 429 every time (one render per
	 * page queued until the queue of 16 was full), leaving orphaned renders behind. Now
	 * it is queued whole and exports, leaving nothing queued or open.
	 */
	@Test
	void aTwentyPagePdfExportsOnAnIdleServerWithNothingLeftBehind() throws Exception {
		Chromium.require();
		// A short settle: what is proven is the queueing of twenty renders, not their
		// drawing.
		Reports twenty = aReport().titled("Twenty pages")
			.at("/demo/report?delay_ms=0", "demo")
			.with(new RenderSettings(null, 50, null, null, null, null, false));
		for (int i = 1; i <= 20; i++) {
			twenty.withPage("Page " + i);
		}
		Report report = this.catalog.create(twenty.build(), "test");

		HttpResponse<byte[]> response = this.admin.download("/api/export?report_id=" + report.id() + "&format=pdf");

		assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		try (PDDocument pdf = Loader.loadPDF(response.body())) {
			assertThat(pdf.getNumberOfPages()).isEqualTo(20);
		}
		assertThat(this.renderer.queued()).isZero();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.renderer.openContexts() == 0);
	}

	@Test
	void morePagesThanOneExportMayHaveIsRefusedNamingTheLimit() {
		Reports many = aReport().titled("Fifty-one pages").at("/demo/report", "demo");
		for (int i = 1; i <= 51; i++) {
			many.withPage("Page " + i);
		}
		Report report = this.catalog.create(many.build(), "test");

		Http.Response response = this.admin.get("/api/export?report_id=" + report.id() + "&format=pdf&dry_run=true");

		assertThat(response.status()).isEqualTo(400);
		assertThat(error(response, "pages").get("message").stringValue()).contains("at most 50");
	}

	@Test
	void refusesAddressesWhoseQueryWouldExceedPowerBisLimit() {
		String a = "a".repeat(700);
		String b = "b".repeat(700);
		String c = "c".repeat(700);
		Report longValues = this.catalog.create(aReport().titled("Long values")
			.withFilter(new Filter("Note", "Notes", "note", FilterType.TEXT, true, false, List.of(a, b, c), List.of()))
			.build(), "test");

		Http.Response fits = this.admin.get("/api/export?report_id=" + longValues.id() + "&filter.note=" + a
				+ "&filter.note=" + b + "&dry_run=true");
		Http.Response tooLong = this.admin.get("/api/export?report_id=" + longValues.id() + "&filter.note=" + a
				+ "&filter.note=" + b + "&filter.note=" + c + "&dry_run=true");

		assertThat(fits.status()).isEqualTo(200);
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(error(tooLong, "filters").get("message").stringValue()).contains("at most 2000");
	}

	@Test
	void serviceLinksShowThePageInThePath() {
		String link = "https://app.powerbi.com/groups/me/reports/5b218778-e7a5-4d73-8187-f10824047715";
		Report service = this.catalog.create(aReport().titled("Service link")
			.at(link + "/ReportSection1?ctid=72f988bf-86f1-41af-91ab-2d7cd011db47", "service_link")
			.withPage("Overview")
			.withPage("Details")
			.withFilter(new Filter("Year", "Calendar", "year", FilterType.INTEGER, false, false, List.of(2023L),
					List.of(2023L)))
			.build(), "test");

		Http.Response response = this.admin
			.get("/api/export?report_id=" + service.id() + "&page=ReportSection2&dry_run=true");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("filter").stringValue()).isEqualTo("Calendar/year eq 2023");
		assertThat(response.json().get("render_url").stringValue())
			.isEqualTo(link + "/ReportSection2?ctid=72f988bf-86f1-41af-91ab-2d7cd011db47"
					+ "&filter=Calendar%2Fyear%20eq%202023&navContentPaneEnabled=false&filterPaneEnabled=false");
	}

	@Test
	void refusesFiltersOnAddressesThatIgnoreThem() {
		Report published = this.catalog.create(aReport().titled("Published")
			.at("https://app.powerbi.com/view?r=eyJrIjoiNmI2NjNiYTMifQ", "publish_to_web")
			.withPage("Overview")
			.withFilter(
					new Filter("Region", "Geo", "region", FilterType.TEXT, false, false, List.of("North"), List.of()))
			.build(), "test");

		Http.Response filtered = this.admin
			.get("/api/export?report_id=" + published.id() + "&filter.region=North&dry_run=true");
		Http.Response unfiltered = this.admin.get("/api/export?report_id=" + published.id() + "&dry_run=true");

		assertThat(filtered.status()).isEqualTo(400);
		assertThat(error(filtered, "filters").get("message").stringValue()).contains("ignores URL filters");
		assertThat(unfiltered.status()).isEqualTo(200);
		assertThat(unfiltered.json().get("render_url").stringValue())
			.isEqualTo("https://app.powerbi.com/view?r=eyJrIjoiNmI2NjNiYTMifQ&pageName=ReportSection1"
					+ "&navContentPaneEnabled=false&filterPaneEnabled=false");
	}

	@Test
	void neverRendersAnAddressThatIsNotAllowed() {
		Report metadata = this.catalog.create(aReport().titled("Not through the admin API")
			.at("http://169.254.169.254/reports/powerbi/latest?rs:Embed=true", "report_server")
			.withPage("Overview")
			.build(), "test");

		Http.Response dryRun = this.admin.get("/api/export?report_id=" + metadata.id() + "&dry_run=true");
		Http.Response export = this.anonymous.get("/api/export?report_id=" + metadata.id());

		assertThat(dryRun.status()).isEqualTo(409);
		assertThat(dryRun.contentType()).isEqualTo("application/problem+json");
		assertThat(dryRun.json().get("detail").stringValue()).contains("169.254.169.254")
			.contains("pbi-export.render.allowed-hosts");
		assertThat(export.status()).isEqualTo(409);
	}

	@Test
	void aFileCachedBeforeTheRulesChangedIsNeverServedForARequestTheyNowRefuse() {
		// As after a restart with a narrower allowlist, or a file cached under a key that
		// a refused request would have: the disk cache still holds it.
		Report moved = this.catalog.create(aReport().titled("Cached, then no longer allowed")
			.at("http://169.254.169.254/reports/powerbi/latest?rs:Embed=true", "report_server")
			.withPage("Overview")
			.build(), "test");
		Report published = this.catalog.create(aReport().titled("Published, cached with a filter")
			.at("https://app.powerbi.com/view?r=eyJrIjoiNmI2NjNiYTMifQ", "publish_to_web")
			.withPage("Overview")
			.withFilter(
					new Filter("Region", "Geo", "region", FilterType.TEXT, false, false, List.of("North"), List.of()))
			.build(), "test");
		String movedKey = cached(moved, Map.of());
		cached(published, Map.of("region", List.of("North")));
		double refused = refusals("report-address-not-allowed") + refusals("invalid-request");
		double lookups = cacheLookups();

		Http.Response export = this.anonymous.get("/api/export?report_id=" + moved.id());
		Http.Response revalidated = this.anonymous.with("If-None-Match", "\"" + movedKey + "\"")
			.get("/api/export?report_id=" + moved.id());
		Http.Response posted = this.anonymous.post("/api/export", "{\"report_id\": " + moved.id() + "}");
		Http.Response queued = this.anonymous.post("/api/exports", "{\"report_id\": " + moved.id() + "}");
		Http.Response filtered = this.anonymous.get("/api/export?report_id=" + published.id() + "&filter.region=North");

		assertThat(List.of(export, revalidated, posted, queued)).extracting(Http.Response::status).containsOnly(409);
		assertThat(filtered.status()).isEqualTo(400);
		assertThat(error(filtered, "filters").get("message").stringValue()).contains("ignores URL filters");
		// Each refusal counted once, and none as a cache hit or miss.
		assertThat(refusals("report-address-not-allowed") + refusals("invalid-request")).isEqualTo(refused + 5);
		assertThat(cacheLookups()).isEqualTo(lookups);
	}

	/** Puts a file in the cache under the key the report's export would have. */
	private String cached(Report report, Map<String, List<String>> filters) {
		String key = this.planner
			.plan(new ExportInput(report.id().toString(), List.of(), null, filters, null, null, null, true, false),
					ReportAccess.all())
			.cacheKey()
			.value();
		this.store.put(report.id().toString(), key,
				new Artifact(new byte[] { 1, 2, 3 },
						Map.of("format", "png", "file-name", "cached.png", "readiness", "signal")),
				Duration.ofMinutes(5));
		return key;
	}

	private double refusals(String reason) {
		Counter counter = this.meters.find("pbi_export_refusals").tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double cacheLookups() {
		return this.meters.find("pbi_export_cache_requests").counters().stream().mapToDouble(Counter::count).sum();
	}

	@Test
	void theApiDescriptionStatesTheLimitsThePlannerChecks() {
		JsonNode parameters = this.anonymous.get("/v3/api-docs")
			.json()
			.get("paths")
			.get("/api/export")
			.get("get")
			.get("parameters");

		JsonNode width = parameters.valueStream()
			.filter((p) -> p.get("name").stringValue().equals("width"))
			.findFirst()
			.orElseThrow()
			.get("schema");
		JsonNode scale = parameters.valueStream()
			.filter((p) -> p.get("name").stringValue().equals("scale"))
			.findFirst()
			.orElseThrow()
			.get("schema");
		assertThat(width.get("minimum").asInt()).isEqualTo(ExportPlanner.MIN_SIZE);
		assertThat(width.get("maximum").asInt()).isEqualTo(ExportPlanner.MAX_SIZE);
		assertThat(scale.get("maximum").asInt()).isEqualTo(3);
	}

	private String cacheKey(String query) {
		Http.Response response = this.admin.get("/api/export?report_id=" + report.id() + query + "&dry_run=true");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("cache_key").stringValue();
	}

	private static JsonNode error(Http.Response response, String field) {
		return response.json()
			.get("errors")
			.valueStream()
			.filter((e) -> e.get("field").stringValue().equals(field))
			.findFirst()
			.orElseThrow();
	}

}
