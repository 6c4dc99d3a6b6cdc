package org.pbiexport.widget;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import com.sun.net.httpserver.HttpServer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.DemoApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embeddable widget as a site builder uses it: a plain page on another origin with
 * the contract's two lines, in real Chromium; and the portal at {@code /}.
 */
class WidgetTest extends DemoApp {

	static HttpServer intranet;

	static volatile String intranetPage = "";

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	BrowserContext context;

	long demo;

	@BeforeAll
	static void start() throws IOException {
		// Another origin: 127.0.0.1 on its own port, while the app is reached as
		// localhost.
		intranet = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		intranet.createContext("/", (exchange) -> {
			byte[] body = intranetPage.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		intranet.start();
	}

	@AfterAll
	static void stop() {
		if (intranet != null) {
			intranet.stop(0);
		}
	}

	@BeforeEach
	void open() {
		this.context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(1100, 900).setAcceptDownloads(true));
		this.demo = this.catalog.allReports()
			.stream()
			.filter((r) -> r.title().equals("Sales demo"))
			.map(ReportSummary::id)
			.findFirst()
			.orElseThrow()
			.value();
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void aPageOnAnotherOriginPreviewsAndDownloadsTheChosenExport() throws Exception {
		Page page = intranetPage("""
				<h1>Sales, for the intranet</h1>
				<div id="sales" data-pbi-export data-report-id="%d" data-filter-year="2023"></div>
				""".formatted(this.demo));
		page.waitForSelector("#sales .pbi-export__actions");

		assertThat(page.evaluate("() => window.events")).asString().contains("ready");
		page.locator("#sales select").first().selectOption(new SelectOption().setLabel("Regions"));
		assertThat(page.locator("#sales select").nth(1).inputValue()).isEqualTo("2023");
		page.locator("#sales select[multiple]").selectOption(new String[] { "North", "East" });

		page.locator("#sales button", new Page.LocatorOptions().setHasText("Preview")).click();
		page.waitForFunction("() => { const i = document.querySelector('#sales .pbi-export__preview img');"
				+ " return i && i.complete && i.naturalWidth > 0; }");
		assertThat(page.evaluate("() => document.querySelector('#sales img').naturalWidth")).isEqualTo(1280);
		Files.createDirectories(Path.of("target"));
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/widget.png")).setFullPage(true));

		Download png = page.waitForDownload(() -> page.locator("#sales button[data-format=png]").click());
		assertThat(png.suggestedFilename()).isEqualTo("Sales-demo-Regions-2023-North-East.png");
		byte[] direct = get("/api/export?report_id=" + this.demo
				+ "&page=ReportSection6f7a8b9c0d&format=png&filter.Year=2023&filter.Region=North&filter.Region=East");
		assertThat(Files.readAllBytes(png.path())).isEqualTo(direct);

		Download pdf = page.waitForDownload(() -> page.locator("#sales button[data-format=pdf]").click());
		assertThat(pdf.suggestedFilename()).isEqualTo("Sales-demo-Regions-2023-North-East.pdf");
		try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf.path()))) {
			String text = new PDFTextStripper().getText(document);
			assertThat(text).contains("Regions", "Year: 2023", "North", "East").doesNotContain("South");
		}
		assertThat(page.evaluate("() => window.events")).asString()
			.contains("exported:Sales-demo-Regions-2023-North-East.png",
					"exported:Sales-demo-Regions-2023-North-East.pdf");
	}

	@Test
	void errorsFromTheApiAreShownInWords() {
		Page page = intranetPage("""
				<div id="missing" data-pbi-export data-report-id="999999"></div>
				<div id="demo" data-pbi-export data-report-id="%d" data-formats="png"></div>
				""".formatted(this.demo));
		page.waitForSelector("#missing .pbi-export__error");
		assertThat(page.locator("#missing .pbi-export__error").textContent())
			.contains("There is no report with id 999999")
			.doesNotContain("{", "problem");

		page.waitForSelector("#demo .pbi-export__actions");
		assertThat(page.locator("#demo button[data-format]").count()).isEqualTo(1);
		page.locator("#demo input[type=date]").fill("2024-02-15");
		page.locator("#demo button", new Page.LocatorOptions().setHasText("Preview")).click();
		page.waitForSelector("#demo .pbi-export__error:not([hidden])");
		String error = page.locator("#demo .pbi-export__error").textContent();
		assertThat(error)
			.contains("could not export this choice", "Month end: '2024-02-15' is not an allowed value. Allowed:",
					"Allowed: 2024-01-31")
			.doesNotContain("{\"", "filters.Date");
		assertThat(page.evaluate("() => window.events")).asString().contains("error");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/widget-error.png")).setFullPage(true));
	}

	@Test
	void thePortalListsSearchesAndExports() throws IOException {
		String inventory = "Inventory levels " + UUID.randomUUID().toString().substring(0, 8);
		this.catalog.create(org.pbiexport.testsupport.Reports.aReport().titled(inventory).build(), "test");
		Page page = this.context.newPage();
		page.navigate("http://localhost:" + this.port + "/");
		page.waitForSelector("#report-list button");
		// other test classes share this database, so the list may hold their reports too
		Locator titles = page.locator("#report-list button .title");
		assertThat(titles.allTextContents()).contains("Sales demo", inventory);

		page.locator("#report-search").fill("demo");
		assertThat(titles.allTextContents()).contains("Sales demo").doesNotContain(inventory);
		page.locator("#report-list").getByText("Sales demo", new Locator.GetByTextOptions().setExact(true)).click();
		page.waitForSelector("#portal-mount .pbi-export__actions");
		page.locator("#portal-mount button", new Page.LocatorOptions().setHasText("Preview")).click();
		page.waitForFunction("() => { const i = document.querySelector('#portal-mount img');"
				+ " return i && i.complete && i.naturalWidth > 0; }");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/portal.png")).setFullPage(true));
		assertThat(page.locator("#portal-mount .pbi-export__title").textContent()).isEqualTo("Sales demo");

		page.locator("#portal-mount select").nth(1).selectOption("2022");
		Download png = page.waitForDownload(() -> page.locator("#portal-mount button[data-format=png]").click());
		assertThat(png.suggestedFilename()).isEqualTo("Sales-demo-Overview-2022-North-South.png");
		Download pdf = page.waitForDownload(() -> page.locator("#portal-mount button[data-format=pdf]").click());
		assertThat(pdf.suggestedFilename()).isEqualTo("Sales-demo-Overview-2022-North-South.pdf");
		try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf.path()))) {
			assertThat(new PDFTextStripper().getText(document)).contains("Overview", "Year: 2022", "North", "South");
		}
	}

	private Page intranetPage(String body) {
		intranetPage = """
				<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title>
				<script>
				  window.events = [];
				  ['ready', 'exported', 'error'].forEach(name => document.addEventListener('pbi-export:' + name,
				    e => window.events.push(name + (e.detail && e.detail.fileName ? ':' + e.detail.fileName : ''))));
				</script>
				<script src="http://localhost:%d/widget/pbi-export.js" defer></script></head>
				<body style="font-family: sans-serif; margin: 24px">%s</body></html>
				""".formatted(this.port, body);
		Page page = this.context.newPage();
		page.navigate("http://127.0.0.1:" + intranet.getAddress().getPort() + "/");
		return page;
	}

	private byte[] get(String path) throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
