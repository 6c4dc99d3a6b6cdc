package org.pbiexport.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.render.RenderPool;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.FakeReportEmbed;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.PowerBiStandIn;
import org.pbiexport.testsupport.ReadsTheLog;
import org.pbiexport.testsupport.StandInFiles;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.awaitility.Awaitility.await;

/**
 * The render modes of docs/contract.md end to end, through the public export API: a
 * service principal signs in at a local Entra ID and Power BI REST stand-in; in
 * {@code embedded} mode real Chromium runs the real Power BI JavaScript SDK against a
 * fake report frame that draws the page and filters it was given; in {@code export_api}
 * mode the stand-in's Export To File makes the file; in {@code url} mode a Report Server
 * page asks for a Windows sign-in. Pixels and PDF text prove what was applied.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.demo.seed=false",
				"pbi-export.render.concurrency=2", "pbi-export.export.settle=300ms" })
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureMockMvc
class PowerBiModesTest {

	static final PowerBiStandIn powerbi = PowerBiStandIn.start();

	static final Credential principal = powerbi.servicePrincipal("contoso-sp");

	static final Credential account = powerbi.windowsAccount("rs-account", "CONTOSO\\svc-export", "rs-pa55word!");

	/** A report whose pages the fake report frame knows how to draw. */
	static final PowerBiStandIn.Report sales = powerbi
		.addReport(new PowerBiStandIn.Report("6a1d4c7e-0000-4000-8000-00000000aa01",
				"6a1d4c7e-0000-4000-8000-00000000bb02", "Sales", "6a1d4c7e-0000-4000-8000-00000000cc03",
				FakeReportEmbed.PAGES.stream()
					.map((page) -> new PowerBiStandIn.Page(page.name(), page.displayName()))
					.toList(),
				false));

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
		registry.add("pbi-export.powerbi.authority-url", powerbi::baseUrl);
		registry.add("pbi-export.powerbi.api-url", powerbi::baseUrl);
		registry.add("pbi-export.render.allowed-hosts", () -> "app.powerbi.com,*.powerbi.com,127.0.0.1," + "127.0.0.1:"
				+ URI.create(powerbi.baseUrl()).getPort());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FakePowerBi {

		@Bean
		FakeReportEmbed fakeReportEmbed() {
			return new FakeReportEmbed();
		}

	}

	@AfterAll
	static void stop() {
		powerbi.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	FakeReportEmbed fake;

	@Autowired
	RenderPool pool;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	MeterRegistry meters;

	Http admin;

	@BeforeEach
	void setUp() {
		Chromium.require();
		this.admin = new Http(this.port).as("admin", "test-admin-pw");
		this.fake.reset();
		powerbi.failExports(null);
		if (this.admin.get("/api/admin/credentials/contoso-sp").status() == 404) {
			assertThat(this.admin
				.post("/api/admin/credentials",
						"""
								{"name": "contoso-sp", "kind": "service_principal", "tenant_id": "%s", "client_id": "%s",
								 "client_secret": "%s"}"""
							.formatted(principal.tenantId(), principal.clientId(), principal.secret()))
				.status()).isEqualTo(201);
		}
	}

	@Test
	void anEmbeddedPngShowsThePageAndTheFilterValueItWasAskedFor() throws IOException {
		long id = report("Embedded PNG", "embedded", null);
		this.fake.colour("South", "#00aa00");
		String page = FakeReportEmbed.PAGES.get(1).name();

		File response = get("/api/export?report_id=" + id + "&page=" + page + "&filter.region=South");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.header("X-Render-Readiness"))
			.hasValueSatisfying((rule) -> assertThat(rule).startsWith("signal"));
		Files.write(Path.of("target/embedded-regions-south.png"), response.bytes());
		BufferedImage image = png(response);
		assertThat(rgb(image, FakeReportEmbed.PAGE_BLOCK_X + 50, FakeReportEmbed.PAGE_BLOCK_Y + 50))
			.isEqualTo(FakeReportEmbed.PAGES.get(1).colour());
		assertThat(rgb(image, FakeReportEmbed.VALUE_SQUARE_X + 30, FakeReportEmbed.VALUE_SQUARE_Y + 30))
			.isEqualTo("#00aa00");
		// The embed token was asked for this report, with no identity.
		JsonNode generate = powerbi.generateTokenRequests().get(powerbi.generateTokenRequests().size() - 1);
		assertThat(generate.get("reports").get(0).get("id").stringValue()).isEqualTo(sales.id());
	}

	@Test
	void embeddedMissesGoThroughWarmSessionsUnlessTheReportTurnsThemOff() {
		long warm = report("Warm sessions", "embedded", null);
		long cold = report("No warm sessions", "embedded", ", \"warm_sessions\": false");
		String page = FakeReportEmbed.PAGES.get(0).name();
		double before = warmRenders();

		for (String region : List.of("North", "South")) {
			File response = get("/api/export?report_id=" + cold + "&page=" + page + "&filter.region=" + region);
			assertThat(response.status()).as(response.body()).isEqualTo(200);
		}
		assertThat(warmRenders()).isEqualTo(before);
		assertThat(this.fake.loads()).isEqualTo(2);

		for (String region : List.of("North", "South")) {
			File response = get("/api/export?report_id=" + warm + "&page=" + page + "&filter.region=" + region);
			assertThat(response.status()).as(response.body()).isEqualTo(200);
		}
		assertThat(warmRenders()).isEqualTo(before + 2);
	}

	/** Renders that asked the warm-session pool, whatever the outcome. */
	private double warmRenders() {
		return this.meters.find("pbi_export_warm_renders").counters().stream().mapToDouble(Counter::count).sum();
	}

	@Test
	void anEmbeddedThreePagePdfLoadsTheReportOnceAndSwitchesPages() throws IOException {
		long id = report("Embedded PDF", "embedded", null);

		File response = get("/api/export?report_id=" + id + "&format=pdf&filter.region=North");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo("application/pdf");
		Files.write(Path.of("target/embedded-three-pages.pdf"), response.bytes());
		try (PDDocument pdf = Loader.loadPDF(bytes(response))) {
			assertThat(pdf.getNumberOfPages()).isEqualTo(3);
			for (int i = 0; i < 3; i++) {
				PDFTextStripper text = new PDFTextStripper();
				text.setStartPage(i + 1);
				text.setEndPage(i + 1);
				assertThat(text.getText(pdf)).contains(FakeReportEmbed.PAGES.get(i).displayName()).contains("North");
			}
		}
		assertThat(this.fake.loads()).isEqualTo(1);
	}

	@Test
	void anExportApiPngAndAThreePagePdfCarryThePagesAndTheFilter() throws IOException {
		long id = report("Export To File", "export_api", null);
		powerbi.retryAfterSeconds(0).pollsUntilDone(2);
		String page = FakeReportEmbed.PAGES.get(2).name();

		File png = get("/api/export?report_id=" + id + "&page=" + page + "&filter.region=East");

		assertThat(png.status()).as(png.body()).isEqualTo(200);
		assertThat(png.header("X-Render-Readiness")).hasValue("export_api");
		Files.write(Path.of("target/export-api-details-east.png"), png.bytes());
		BufferedImage image = png(png);
		assertThat(image.getRGB(40, 40) & 0xFFFFFF).isEqualTo(StandInFiles.colour(2).getRGB() & 0xFFFFFF);
		assertThat(StandInFiles.pngText(bytes(png))).contains("Geo/Region eq 'East'");

		File pdf = get("/api/export?report_id=" + id + "&format=pdf&filter.region=South&filter.region=East");

		assertThat(pdf.status()).as(pdf.body()).isEqualTo(200);
		try (PDDocument document = Loader.loadPDF(bytes(pdf))) {
			assertThat(document.getNumberOfPages()).isEqualTo(3);
			String text = new PDFTextStripper().getText(document);
			String filter = "Geo/Region in ('South', 'East')";
			assertThat(text).contains(StandInFiles.label("Overview", filter), StandInFiles.label("Regions", filter),
					StandInFiles.label("Details", filter));
			assertThat(text.indexOf("Overview")).isLessThan(text.indexOf("Regions"));
		}
		PowerBiStandIn.ExportRecord last = powerbi.exports().get(powerbi.exports().size() - 1);
		assertThat(last.pages()).isEqualTo(FakeReportEmbed.PAGES.stream().map(FakeReportEmbed.FakePage::name).toList());
	}

	@Test
	void anExportApiDeckIsPowerBisOwnAndAZipIsMadeOfItsPngsInPageOrder() throws IOException {
		long id = report("Export To File decks", "export_api", null);
		powerbi.retryAfterSeconds(0).pollsUntilDone(1);

		File deck = get("/api/export?report_id=" + id + "&format=pptx&filter.region=East");

		assertThat(deck.status()).as(deck.body()).isEqualTo(200);
		assertThat(deck.header("X-Render-Readiness")).hasValue("export_api");
		try (org.apache.poi.xslf.usermodel.XMLSlideShow slides = new org.apache.poi.xslf.usermodel.XMLSlideShow(
				new java.io.ByteArrayInputStream(bytes(deck)))) {
			assertThat(slides.getSlides()).hasSize(3);
			assertThat(slides.getProperties().getCoreProperties().getTitle()).isEqualTo("Power BI stand-in");
		}
		assertThat(powerbi.exports().get(powerbi.exports().size() - 1).format()).isEqualTo("PPTX");

		File zip = get("/api/export?report_id=" + id + "&format=zip&filter.region=East");

		assertThat(zip.status()).as(zip.body()).isEqualTo(200);
		List<String> names = new java.util.ArrayList<>();
		try (java.util.zip.ZipInputStream entries = new java.util.zip.ZipInputStream(
				new java.io.ByteArrayInputStream(bytes(zip)))) {
			int order = 0;
			for (java.util.zip.ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
				names.add(entry.getName());
				BufferedImage image = javax.imageio.ImageIO
					.read(new java.io.ByteArrayInputStream(entries.readAllBytes()));
				assertThat(image.getRGB(40, 40) & 0xFFFFFF).isEqualTo(StandInFiles.colour(order++).getRGB() & 0xFFFFFF);
			}
		}
		assertThat(names).containsExactly("1-Overview.png", "2-Regions.png", "3-Details.png");
	}

	@Test
	void busyAnswersAreWaitedOutAndAPermanentFailureIs502WithPowerBisMessage() {
		long id = report("Export To File failing", "export_api", null);
		powerbi.retryAfterSeconds(0).pollsUntilDone(1).failExportsAsBusy(1, 1).throttleExportRequests(1, 1);

		File busy = get("/api/export?report_id=" + id + "&filter.region=North");

		assertThat(busy.status()).as(busy.body()).isEqualTo(200);

		powerbi.failExports("The report has a visual that could not be exported (Capacity: contoso-p1).");
		File failed = get("/api/export?report_id=" + id + "&filter.region=South");

		assertThat(failed.status()).isEqualTo(502);
		assertThat(failed.contentType()).isEqualTo("application/problem+json");
		assertThat(failed.json().get("detail").stringValue()).contains("could not be exported");
		// A failure is not cached: the next try asks Power BI again.
		powerbi.failExports(null);
		assertThat(get("/api/export?report_id=" + id + "&filter.region=South").status()).isEqualTo(200);
	}

	@Test
	void anSdkErrorIs502WithItsMessageAndASignInPageIs502NamingIt() {
		long id = report("Embedded failing", "embedded", null);
		this.fake.fails("This content isn't available (dataset refresh failed)", 6, "b7a1c9e2-req");

		File failed = get("/api/export?report_id=" + id + "&filter.region=North");

		assertThat(failed.status()).isEqualTo(502);
		assertThat(failed.json().get("detail").stringValue()).contains("This content isn't available")
			.contains("b7a1c9e2-req");

		this.fake.reset();
		this.fake.redirectsToSignIn();
		File signIn = get("/api/export?report_id=" + id + "&filter.region=South");

		assertThat(signIn.status()).isEqualTo(502);
		assertThat(signIn.json().get("detail").stringValue()).contains("login.microsoftonline.com");
	}

	@Test
	void aReportThatNeverRendersIs504WithinItsBudgetWithNothingLeftOpen() {
		long id = report("Embedded never", "embedded", ", \"timeout_ms\": 4000");
		this.fake.neverRenders();
		Instant started = Instant.now();

		File response = get("/api/export?report_id=" + id + "&filter.region=East");

		assertThat(response.status()).isEqualTo(504);
		assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(8));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.openContexts() == 0);
	}

	@Test
	void aReportServerAccountIsSentToItsOriginOnly() {
		assertThat(this.admin.post("/api/admin/credentials", """
				{"name": "rs-account", "kind": "windows", "username": "CONTOSO\\\\svc-export",
				 "password": "%s", "origin": "%s"}""".formatted(account.secret(), powerbi.baseUrl())).status())
			.isIn(201, 409);
		String address = powerbi.baseUrl() + "/reports/powerbi/Sales?rs:Embed=true";
		Http.Response created = this.admin.post("/api/admin/reports", """
				{"title": "Report Server sales", "embed_url": "%s", "powerbi": {"credential": "rs-account"},
				 "pages": [{"name": "ReportSection1", "display_name": "Overview"}]}""".formatted(address));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("report_id").longValue();
		int before = powerbi.reportServerAuthorizations().size();

		File response = get("/api/export?report_id=" + id);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<String> sent = powerbi.reportServerAuthorizations()
			.subList(before, powerbi.reportServerAuthorizations().size());
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString(("CONTOSO\\svc-export:" + account.secret()).getBytes(StandardCharsets.UTF_8));
		assertThat(sent).contains(basic);
		// Nothing else the browser asked for carried the account.
		assertThat(this.fake.requestedUrls()).allSatisfy((url) -> assertThat(url).doesNotContain("svc-export"));
	}

	@Test
	void theTestEndpointSignsInAnewAndSaysWhatWentWrongInWords() {
		int before = powerbi.tokenRequests();

		assertThat(this.admin.post("/api/admin/credentials/contoso-sp/test", null).json().get("ok").booleanValue())
			.isTrue();
		assertThat(this.admin.post("/api/admin/credentials/contoso-sp/test", null).json().get("ok").booleanValue())
			.isTrue();
		assertThat(powerbi.tokenRequests()).isEqualTo(before + 2);

		assertThat(
				this.admin
					.post("/api/admin/credentials",
							"""
									{"name": "wrong-sp", "kind": "service_principal", "tenant_id": "%s", "client_id": "%s",
									 "client_secret": "not-the-secret"}"""
								.formatted(principal.tenantId(), principal.clientId()))
					.status())
			.isIn(201, 409);
		JsonNode wrong = this.admin.post("/api/admin/credentials/wrong-sp/test", null).json();
		assertThat(wrong.get("ok").booleanValue()).isFalse();
		assertThat(wrong.get("detail").stringValue()).contains("AADSTS7000215").doesNotContain("not-the-secret");
	}

	@Test
	void aSecureEmbedSnippetGivesTheIdsAndEveryMistakeIsNamedByField() {
		String snippet = "<iframe title=\\\"Sales\\\" width=\\\"1140\\\" height=\\\"541.25\\\" "
				+ "src=\\\"https://app.powerbi.com/reportEmbed?reportId=" + sales.id() + "&autoAuth=true&groupId="
				+ sales.workspaceId() + "&ctid=" + principal.tenantId() + "\\\" frameborder=\\\"0\\\" "
				+ "allowFullScreen=\\\"true\\\"></iframe>";
		Http.Response created = this.admin.post("/api/admin/reports", """
				{"title": "From a snippet", "render_mode": "embedded", "embed_url": "%s",
				 "powerbi": {"credential": "contoso-sp", "identity": {"username": "anna@contoso.com",
				             "roles": ["Region manager"]}},
				 "pages": [{"name": "ReportSection0a1b2c3d4e", "display_name": "Overview"}]}""".formatted(snippet));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode section = created.json().get("powerbi");
		assertThat(section.get("workspace_id").stringValue()).isEqualTo(sales.workspaceId());
		assertThat(section.get("report_id").stringValue()).isEqualTo(sales.id());
		assertThat(section.get("identity").get("roles").get(0).stringValue()).isEqualTo("Region manager");
		assertThat(created.json().get("embed_kind").stringValue()).isEqualTo("embedded");

		Http.Response refused = this.admin.post("/api/admin/reports", """
				{"title": "Wrong", "render_mode": "export_api",
				 "embed_url": "https://app.powerbi.com/reportEmbed?reportId=%s&groupId=%s",
				 "powerbi": {"report_id": "6a1d4c7e-0000-4000-8000-0000000000ff", "credential": "rs-missing"},
				 "pages": [{"name": "ReportSection1", "display_name": "Overview"}]}""".formatted(sales.id(),
				sales.workspaceId()));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").findValuesAsString("field")).contains("powerbi.report_id",
				"powerbi.credential");
		assertThat(refused.body()).contains("does not agree with embed_url").contains("no credential named");
		assertThat(this.admin.post("/api/admin/reports", """
				{"title": "No ids", "render_mode": "embedded", "powerbi": {"credential": "contoso-sp"},
				 "pages": [{"name": "ReportSection1"}]}""").json().get("errors").findValuesAsString("field"))
			.contains("powerbi.workspace_id", "powerbi.report_id");
		assertThat(this.admin.post("/api/admin/reports", """
				{"title": "Bad mode", "render_mode": "powerpoint", "embed_url": "/demo/report",
				 "pages": [{"name": "ReportSection1"}]}""").json().get("errors").findValuesAsString("field"))
			.contains("render_mode");
	}

	@Test
	void pagesAreReadFromPowerBiNumberedFromOne() {
		long id = report("Pages from Power BI", "embedded", null);

		JsonNode pages = this.admin.get("/api/admin/reports/" + id + "/powerbi-pages").json().get("pages");

		assertThat(pages).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(pages.get(i).get("name").stringValue()).isEqualTo(FakeReportEmbed.PAGES.get(i).name());
			assertThat(pages.get(i).get("display_name").stringValue())
				.isEqualTo(FakeReportEmbed.PAGES.get(i).displayName());
			assertThat(pages.get(i).get("order").intValue()).isEqualTo(i + 1);
		}
	}

	@Test
	void theReportFormTakesThePagesPowerBiListsInPlaceOfItsOwn() throws Exception {
		String page = this.mvc
			.perform(post("/admin/reports/new").with(user("admin").roles("ADMIN"))
				.with(csrf())
				.param("op", "powerbi-pages")
				.param("title", "Taken pages")
				.param("renderMode", "embedded")
				.param("powerbi.workspaceId", sales.workspaceId())
				.param("powerbi.reportId", sales.id())
				.param("powerbi.credential", "contoso-sp")
				.param("pages[0].name", "")
				.param("pages[0].displayName", "")
				.param("pages[0].width", "1280")
				.param("pages[0].height", "720"))
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("Took 3 pages from Power BI");
		for (FakeReportEmbed.FakePage fakePage : FakeReportEmbed.PAGES) {
			assertThat(page).contains("value=\"" + fakePage.name() + "\"")
				.contains("value=\"" + fakePage.displayName() + "\"");
		}
		// Nothing was saved: the admin checks the sizes and saves.
		assertThat(this.admin.get("/api/admin/reports").body()).doesNotContain("Taken pages");

		String refused = this.mvc
			.perform(post("/admin/reports/new").with(user("admin").roles("ADMIN"))
				.with(csrf())
				.param("op", "powerbi-pages")
				.param("renderMode", "embedded")
				.param("powerbi.workspaceId", sales.workspaceId())
				.param("powerbi.reportId", "6a1d4c7e-0000-4000-8000-0000000000ff")
				.param("powerbi.credential", "contoso-sp"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(refused).contains("Power BI did not list the pages");
	}

	@Test
	@ReadsTheLog
	void noSecretIsInHistoryTheDatabaseFileOrTheLog(CapturedOutput output) throws IOException {
		long id = report("Secret check", "embedded", null);
		assertThat(get("/api/export?report_id=" + id + "&filter.region=North").status()).isEqualTo(200);

		List<String> history = this.jdbc.sql("SELECT changes FROM report_history").query(String.class).list();
		assertThat(history).isNotEmpty()
			.allSatisfy((changes) -> assertThat(changes).doesNotContain(principal.secret()));
		this.jdbc.sql("PRAGMA wal_checkpoint(TRUNCATE)").query().listOfRows();
		String file = this.jdbc.sql("PRAGMA database_list").query().listOfRows().get(0).get("file").toString();
		byte[] database = Files.readAllBytes(Path.of(file));
		assertThat(new String(database, StandardCharsets.ISO_8859_1)).doesNotContain(principal.secret());
		assertThat(output.getAll()).doesNotContain(principal.secret()).doesNotContain(account.secret());
	}

	/** Registers a report of the stand-in's Sales report in a mode; its id. */
	private long report(String title, String mode, String extra) {
		Http.Response created = this.admin.post("/api/admin/reports",
				"""
						{"title": "%s", "render_mode": "%s",
						 "powerbi": {"workspace_id": "%s", "report_id": "%s", "credential": "contoso-sp"},
						 "pages": [%s],
						 "filters": [{"label": "Region", "table": "Geo", "column": "Region", "type": "text",
						              "multiple": true, "allowed_values": ["North", "South", "East"]}]%s}""".formatted(
						title, mode, sales.workspaceId(), sales.id(),
						String.join(",",
								FakeReportEmbed.PAGES.stream()
									.map((page) -> "{\"name\": \"%s\", \"display_name\": \"%s\"}".formatted(page.name(),
											page.displayName()))
									.toList()),
						(extra != null) ? extra : ""));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("report_id").longValue();
	}

	/**
	 * An export: its status, headers, the file's bytes, and the problem when it failed.
	 */
	record File(int status, HttpResponse<byte[]> raw) {

		byte[] bytes() {
			return this.raw.body();
		}

		String body() {
			return new String(this.raw.body(), StandardCharsets.UTF_8);
		}

		JsonNode json() {
			return Http.parse(body());
		}

		java.util.Optional<String> header(String name) {
			return this.raw.headers().firstValue(name);
		}

		String contentType() {
			return header("Content-Type").orElse("");
		}

	}

	private File get(String path) {
		HttpResponse<byte[]> response = this.admin.download(path.replace("filter.region", "filter.Region"));
		return new File(response.statusCode(), response);
	}

	private static byte[] bytes(File response) {
		return response.bytes();
	}

	private static BufferedImage png(File response) throws IOException {
		return ImageIO.read(new ByteArrayInputStream(response.bytes()));
	}

	private static String rgb(BufferedImage image, int x, int y) {
		return String.format("#%06x", image.getRGB(x, y) & 0xFFFFFF);
	}

}
