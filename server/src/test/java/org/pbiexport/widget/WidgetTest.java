package org.pbiexport.widget;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipFile;

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
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.testsupport.Axe;
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
			.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setAcceptDownloads(true));
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
		page.locator("#sales select[id$='-page']").selectOption(new SelectOption().setLabel("Regions"));
		assertThat(page.locator("#sales select[data-column='Year']").inputValue()).isEqualTo("2023");
		// Region: a checkbox list (default North and South); by mouse, South off and East
		// on
		Locator regions = page.locator("#sales [data-column='Region']");
		assertThat(regions.evaluate("e => e.tagName")).isEqualTo("FIELDSET");
		assertThat(checked(regions)).containsExactly("North", "South");
		option(regions, "South").click();
		option(regions, "East").click();
		assertThat(checked(regions)).containsExactly("North", "East");
		assertThat(regions.locator(".pbi-export__count").textContent()).isEqualTo("2 of 5 chosen");

		page.locator("#sales button", new Page.LocatorOptions().setHasText("Preview")).click();
		page.waitForFunction("() => { const i = document.querySelector('#sales .pbi-export__preview img');"
				+ " return i && i.complete && i.naturalWidth > 0; }");
		assertThat(page.evaluate("() => document.querySelector('#sales img').naturalWidth")).isEqualTo(1280);
		assertThat(page.locator("#sales .pbi-export__status").textContent()).isEqualTo("Preview ready.");
		Files.createDirectories(Path.of("target"));
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/widget.png")).setFullPage(true));

		Download png = page.waitForDownload(() -> page.locator("#sales button[data-format=png]").click());
		assertThat(png.suggestedFilename()).isEqualTo("Sales-demo-Regions-2023-North-East.png");
		byte[] direct = get("/api/export?report_id=" + this.demo
				+ "&page=ReportSection6f7a8b9c0d&format=png&filter.Year=2023&filter.Region=North&filter.Region=East");
		assertThat(Files.readAllBytes(png.path())).isEqualTo(direct);

		// PDF: all pages by default (through the jobs API), or this page only
		assertThat(page.locator("#sales .pbi-export__scope input:checked").inputValue()).isEqualTo("all");
		Download all = page.waitForDownload(() -> page.locator("#sales button[data-format=pdf]").click());
		assertThat(all.suggestedFilename()).endsWith(".pdf").doesNotContain("Regions");
		try (PDDocument document = Loader.loadPDF(Files.readAllBytes(all.path()))) {
			assertThat(document.getNumberOfPages()).isEqualTo(3);
			assertThat(new PDFTextStripper().getText(document)).contains("Overview", "Regions", "Details",
					"Year: 2023");
		}
		page.locator("#sales .pbi-export__scope").getByText("This page").click();
		Download pdf = page.waitForDownload(() -> page.locator("#sales button[data-format=pdf]").click());
		assertThat(pdf.suggestedFilename()).isEqualTo("Sales-demo-Regions-2023-North-East.pdf");
		try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf.path()))) {
			assertThat(document.getNumberOfPages()).isEqualTo(1);
			String text = new PDFTextStripper().getText(document);
			assertThat(text).contains("Regions", "Year: 2023", "North", "East").doesNotContain("South");
		}
		assertThat(page.evaluate("() => window.events")).asString()
			.contains("exported:Sales-demo-Regions-2023-North-East.png",
					"exported:Sales-demo-Regions-2023-North-East.pdf");

		// A changed choice marks the preview as outdated at once; going back un-marks it
		Locator preview = page.locator("#sales .pbi-export__preview");
		page.locator("#sales select[data-column='Year']").selectOption("2024");
		assertThat(preview.getAttribute("class")).contains("pbi-export__preview--stale");
		assertThat(page.locator("#sales .pbi-export__stale").isVisible()).isTrue();
		assertThat(page.locator("#sales .pbi-export__status").textContent()).contains("preview is outdated");
		assertThat(page.locator("#sales .pbi-export__preview img").evaluate("i => getComputedStyle(i).opacity"))
			.isEqualTo("0.35");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/widget-stale.png")).setFullPage(true));
		page.locator("#sales select[data-column='Year']").selectOption("2023");
		assertThat(preview.getAttribute("class")).doesNotContain("stale");
		assertThat(page.locator("#sales .pbi-export__status").textContent()).isEqualTo("Preview ready.");
		option(regions, "West").click();
		assertThat(preview.getAttribute("class")).contains("pbi-export__preview--stale");
	}

	@Test
	void theFilterPaneWorksByKeyboardAndShowsDatesInTheReadersLanguage() throws Exception {
		this.context.close();
		this.context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setLocale("de-DE"));
		Page page = intranetPage("""
				<div id="sales" data-pbi-export data-report-id="%d" data-formats="png,pdf"></div>
				""".formatted(this.demo));
		page.waitForSelector("#sales .pbi-export__actions");
		Locator regions = page.locator("#sales [data-column='Region']");

		// search, then Tab to the one value left and tick it with the space bar
		regions.locator("input[type=search]").focus();
		page.keyboard().type("azur");
		assertThat(regions.locator(".pbi-export__option:visible").allTextContents()).containsExactly("Côte d'Azur");
		page.keyboard().press("Tab"); // Select all
		page.keyboard().press("Tab"); // Clear
		page.keyboard().press("Tab"); // the only value shown
		assertThat(page.evaluate("() => document.activeElement.value")).isEqualTo("Côte d'Azur");
		page.keyboard().press("Space");
		assertThat(checked(regions)).containsExactly("North", "South", "Côte d'Azur");
		// Clear by keyboard, then Select all of the values the search shows
		page.keyboard().press("Shift+Tab");
		assertThat(page.evaluate("() => document.activeElement.textContent")).isEqualTo("Clear");
		page.keyboard().press("Enter");
		assertThat(checked(regions)).isEmpty();
		page.keyboard().press("Shift+Tab");
		page.keyboard().press("Enter");
		assertThat(checked(regions)).containsExactly("Côte d'Azur");

		// the month-ends: a list in German, sending ISO dates
		Locator dates = page.locator("#sales select[data-column='Date']");
		assertThat(dates.locator("option").allTextContents()).contains("30. Juni 2024", "31. Januar 2024");
		dates.focus();
		page.keyboard().press("End");
		assertThat(dates.inputValue()).isEqualTo("2024-12-31");
		page.locator("#sales select[data-column='Year']").focus();
		page.keyboard().press("Home");
		assertThat(page.locator("#sales select[data-column='Year']").inputValue()).isEmpty();
		page.keyboard().press("ArrowDown");
		assertThat(page.locator("#sales select[data-column='Year']").inputValue()).isEqualTo("2022");

		this.context.grantPermissions(List.of("clipboard-read", "clipboard-write"),
				new BrowserContext.GrantPermissionsOptions()
					.setOrigin("http://127.0.0.1:" + intranet.getAddress().getPort()));
		page.locator("#sales [data-action='copy-link']").click();
		page.waitForCondition(() -> page.locator("#sales .pbi-export__status").textContent().startsWith("Link copied"));
		String link = page.locator("#sales .pbi-export__link input").inputValue();
		assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(link);
		assertThat(URLDecoder.decode(link, StandardCharsets.UTF_8))
			.startsWith("http://localhost:" + this.port + "/api/export?")
			.contains("format=pdf", "filter.Year=2022", "filter.Region=Côte d'Azur", "filter.Date=2024-12-31")
			.doesNotContain("page=", "North");
		Download pdf = page.waitForDownload(() -> page.locator("#sales button[data-format=pdf]").click());
		try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf.path()))) {
			assertThat(document.getNumberOfPages()).isEqualTo(3);
			assertThat(new PDFTextStripper().getText(document)).contains("Year: 2022", "Azur").doesNotContain("North");
		}
	}

	@Test
	void aLongListOfSingleValuesIsSearchable() {
		Long[] years = java.util.stream.LongStream.rangeClosed(2011, 2025).boxed().toArray(Long[]::new);
		long many = this.catalog
			.create(org.pbiexport.testsupport.Reports.aReport()
				.titled("Fifteen years " + UUID.randomUUID().toString().substring(0, 6))
				.withFilter(org.pbiexport.testsupport.Reports.year(years))
				.build(), "test")
			.id()
			.value();
		Page page = intranetPage("<div id=\"many\" data-pbi-export data-report-id=\"%d\"></div>".formatted(many));
		page.waitForSelector("#many .pbi-export__actions");
		Locator year = page.locator("#many select[data-column='year']");
		assertThat(year.getAttribute("size")).isNotNull();
		assertThat(year.inputValue()).isEqualTo("2025");
		page.getByLabel("Search Year").fill("201");
		assertThat(year.locator("option:not([hidden])").allTextContents()).containsExactly("Default (2025)", "2011",
				"2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019", "2025");
		year.focus();
		page.keyboard().press("Home");
		page.keyboard().press("ArrowDown");
		assertThat(year.inputValue()).isEqualTo("2011");
		assertThat(page.locator("#many .pbi-export__scope").count()).isZero();
		assertThat(page.locator("#many button[data-format=zip]").count()).isZero();
	}

	@Test
	void errorsFromTheApiAreShownInWords() {
		long broken = this.catalog
			.create(copyOfDemoAt("/demo/report?filter=Calendar%2FYear%20eq%20%27oops", true), "test")
			.id()
			.value();
		Page page = intranetPage("""
				<div id="missing" data-pbi-export data-report-id="999999"></div>
				<div id="demo" data-pbi-export data-report-id="%d" data-formats="png"></div>
				<div id="broken" data-pbi-export data-report-id="%d" data-formats="png"></div>
				""".formatted(this.demo, broken));
		page.waitForSelector("#missing .pbi-export__error");
		assertThat(page.locator("#missing .pbi-export__error").textContent())
			.contains("There is no report with id 999999")
			.doesNotContain("{", "problem");

		page.waitForSelector("#demo .pbi-export__actions");
		assertThat(page.locator("#demo button[data-format]").count()).isEqualTo(1);
		// a value the report no longer allows (as when an admin edits it while the page
		// is open)
		page.locator("#demo select[data-column='Date']")
			.evaluate("s => { s.add(new Option('15 Feb 2024', '2024-02-15')); s.value = '2024-02-15'; }");
		page.locator("#demo button", new Page.LocatorOptions().setHasText("Preview")).click();
		page.waitForSelector("#demo .pbi-export__error:not([hidden])");
		String error = page.locator("#demo .pbi-export__error").textContent();
		assertThat(error)
			.contains("could not export this choice", "Month end: '2024-02-15' is not an allowed value. Allowed:",
					"Allowed: 2024-01-31")
			.doesNotContain("{\"", "filters.Date");
		assertThat(page.evaluate("() => window.events")).asString().contains("error");

		// a report that does not render: plain sentences, the detail folded away, a retry
		page.waitForSelector("#broken .pbi-export__actions");
		page.locator("#broken button", new Page.LocatorOptions().setHasText("Preview")).click();
		page.waitForSelector("#broken .pbi-export__error:not([hidden])");
		Locator problem = page.locator("#broken .pbi-export__error");
		assertThat(problem.locator("p").first().textContent())
			.isEqualTo("The report could not be exported: it showed an error, or did not finish drawing.");
		assertThat(problem.locator("details").isVisible()).isTrue();
		assertThat(problem.locator("details p").isVisible()).isFalse();
		assertThat(problem.locator("details").textContent()).contains("HTTP 502", "/problems/report-error");
		assertThat(problem.textContent()).doesNotContain("net::", "Exception");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/widget-error.png")).setFullPage(true));
		List<String> previews = new CopyOnWriteArrayList<>();
		page.onRequest((request) -> previews.add(request.url()));
		problem.locator("button", new Locator.LocatorOptions().setHasText("Try again")).click();
		page.waitForCondition(() -> previews.stream().anyMatch((url) -> url.contains("report_id=" + broken)));
		page.waitForSelector("#broken .pbi-export__error:not([hidden])");
	}

	@Test
	void aSlowExportShowsProgressAndCanBeCancelled() throws Exception {
		long slow = this.catalog.create(copyOfDemoAt("/demo/report?delay_ms=4000", false), "test").id().value();
		Page page = intranetPage("""
				<div id="slow" data-pbi-export data-report-id="%d" data-formats="png,pdf,pptx,zip"></div>
				""".formatted(slow));
		page.waitForSelector("#slow .pbi-export__actions");
		assertThat(page.locator("#slow button[data-format]").allTextContents()).containsExactly("Download PNG",
				"Download PDF", "Download PowerPoint", "Download all (ZIP)");
		List<String> polls = new CopyOnWriteArrayList<>();
		page.onRequest((request) -> {
			if (request.url().contains("/api/exports/")) {
				polls.add(request.url());
			}
		});

		page.locator("#slow button[data-format=pdf]").click();
		Locator status = page.locator("#slow .pbi-export__status");
		page.waitForCondition(() -> polls.size() >= 2);
		assertThat(page.locator("#slow .pbi-export__progress progress").isVisible()).isTrue();
		assertThat(status.textContent()).startsWith("Exporting all 3 pages as PDF…");
		assertThat(page.locator("#slow button[data-format=pdf]").isDisabled()).isTrue();
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/widget-progress.png")).setFullPage(true));
		page.locator("#slow .pbi-export__cancel").click();
		assertThat(status.textContent()).startsWith("Cancelled: nothing was downloaded.");
		assertThat(page.locator("#slow .pbi-export__progress").isVisible()).isFalse();
		int polled = polls.size();
		page.waitForTimeout(2500);
		assertThat(polls).hasSize(polled);
		assertThat(page.locator("#slow button[data-format=pdf]").isEnabled()).isTrue();

		Download zip = page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(90_000),
				() -> page.locator("#slow button[data-format=zip]").click());
		assertThat(zip.suggestedFilename()).endsWith(".zip");
		try (ZipFile file = new ZipFile(zip.path().toFile())) {
			assertThat(file.size()).isEqualTo(3);
		}
		assertThat(polls.size()).isGreaterThan(polled);
	}

	@Test
	void thePortalListsSearchesExportsAndKeepsTheChoiceInItsAddress() throws IOException {
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
		assertThat(page.locator("#portal-mount button[data-format]").allTextContents()).containsExactly("Download PNG",
				"Download PDF", "Download PowerPoint", "Download all (ZIP)");
		page.locator("#portal-mount button", new Page.LocatorOptions().setHasText("Preview")).click();
		page.waitForFunction("() => { const i = document.querySelector('#portal-mount img');"
				+ " return i && i.complete && i.naturalWidth > 0; }");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/portal.png")).setFullPage(true));
		assertThat(page.locator("#portal-mount .pbi-export__title").textContent()).isEqualTo("Sales demo");

		page.locator("#portal-mount select[data-column='Year']").selectOption("2022");
		Locator regions = page.locator("#portal-mount [data-column='Region']");
		option(regions, "West").click();
		Download png = page.waitForDownload(() -> page.locator("#portal-mount button[data-format=png]").click());
		assertThat(png.suggestedFilename()).isEqualTo("Sales-demo-Overview-2022-North-South-West.png");
		Download pdf = page.waitForDownload(() -> page.locator("#portal-mount button[data-format=pdf]").click());
		try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf.path()))) {
			assertThat(document.getNumberOfPages()).isEqualTo(3);
			assertThat(new PDFTextStripper().getText(document)).contains("Overview", "Details", "Year: 2022", "West");
		}

		// the address carries the choice: another browser opening it sees the same choice
		page.locator("#portal-mount select[id$='-page']").selectOption(new SelectOption().setLabel("Details"));
		page.locator("#portal-mount .pbi-export__scope").getByText("This page").click();
		String shared = page.url();
		assertThat(URLDecoder.decode(shared, StandardCharsets.UTF_8)).contains("report=" + this.demo,
				"filter.Year=2022", "filter.Region=West", "pdf_pages=this");
		try (BrowserContext other = Chromium.shared().browser().newContext()) {
			Page opened = other.newPage();
			opened.navigate(shared);
			opened.waitForSelector("#portal-mount .pbi-export__actions");
			assertThat(opened.locator("#portal-mount select[data-column='Year']").inputValue()).isEqualTo("2022");
			assertThat(checked(opened.locator("#portal-mount [data-column='Region']"))).containsExactly("North",
					"South", "West");
			assertThat(opened.locator("#portal-mount select[id$='-page'] option:checked").textContent())
				.isEqualTo("Details");
			assertThat(opened.locator("#portal-mount .pbi-export__scope input:checked").inputValue()).isEqualTo("this");
			Download details = opened
				.waitForDownload(() -> opened.locator("#portal-mount button[data-format=pdf]").click());
			assertThat(details.suggestedFilename()).isEqualTo("Sales-demo-Details-2022-North-South-West.pdf");
		}
		// and this browser remembers it for the report
		page.navigate("http://localhost:" + this.port + "/?report=" + this.demo);
		page.waitForSelector("#portal-mount .pbi-export__actions");
		assertThat(page.locator("#portal-mount select[data-column='Year']").inputValue()).isEqualTo("2022");
		assertThat(checked(regions)).containsExactly("North", "South", "West");
	}

	@Test
	void onAPhoneNothingScrollsSidewaysAndAxeFindsNoSeriousProblem() throws Exception {
		this.context.close();
		// axe-core goes in as an inline script, which the portal's
		// Content-Security-Policy refuses
		this.context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
				.setDeviceScaleFactor(1)
				.setIsMobile(true)
				.setHasTouch(true)
				.setBypassCSP(true));
		Page page = this.context.newPage();
		page.navigate("http://localhost:" + this.port + "/?report=" + this.demo);
		page.waitForSelector("#portal-mount .pbi-export__actions");
		option(page.locator("#portal-mount [data-column='Region']"), "Côte d'Azur").tap();
		page.locator("#portal-mount button", new Page.LocatorOptions().setHasText("Preview")).tap();
		page.waitForFunction("() => { const i = document.querySelector('#portal-mount img');"
				+ " return i && i.complete && i.naturalWidth > 0; }");
		page.locator("#portal-mount [data-action='copy-link']").tap();
		page.locator("#portal-mount select[data-column='Year']").selectOption("2024");
		assertThat(sidewaysScroll(page)).isZero();
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/portal-390.png")).setFullPage(true));
		assertThat(Axe.seriousViolations(page)).isEmpty();

		Page widget = intranetPage("""
				<div id="sales" data-pbi-export data-report-id="%d" data-formats="png,pdf,pptx,zip"></div>
				""".formatted(this.demo));
		widget.waitForSelector("#sales .pbi-export__actions");
		assertThat(widget.evaluate("() => document.documentElement.clientWidth")).isEqualTo(390);
		assertThat(sidewaysScroll(widget)).isZero();
		widget.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/widget-390.png")).setFullPage(true));
		assertThat(Axe.seriousViolations(widget)).isEmpty();
	}

	private static int sidewaysScroll(Page page) {
		return ((Number) page
			.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue();
	}

	/** The label of one value in a filter's checkbox list. */
	private static Locator option(Locator filter, String value) {
		return filter.locator(".pbi-export__option").getByText(value, new Locator.GetByTextOptions().setExact(true));
	}

	@SuppressWarnings("unchecked")
	private static List<String> checked(Locator filter) {
		return (List<String>) filter
			.evaluate("f => Array.from(f.querySelectorAll('input[type=checkbox]:checked')).map(b => b.value)");
	}

	/**
	 * The demo report's pages and filters at another demo address; without defaults, no
	 * filter is sent unless chosen, so the address's own filter applies.
	 */
	private ReportDraft copyOfDemoAt(String address, boolean withoutDefaults) {
		ReportDraft demo = this.catalog.find(new ReportId(this.demo)).orElseThrow().draft();
		List<Filter> filters = !withoutDefaults ? demo.filters()
				: demo.filters()
					.stream()
					.map((f) -> new Filter(f.label(), f.table(), f.column(), f.type(), f.multiple(), f.required(),
							f.allowedValues(), List.of()))
					.toList();
		RenderSettings settings = !withoutDefaults ? demo.settings()
				: new RenderSettings(null, null, null, null, false, null, false);
		return new ReportDraft("Demo at " + address + " " + UUID.randomUUID().toString().substring(0, 6),
				demo.description(), address, "demo", "url", settings, true, demo.pages(), filters);
	}

	private Page intranetPage(String body) {
		intranetPage = """
				<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title>
				<meta name="viewport" content="width=device-width, initial-scale=1">
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
