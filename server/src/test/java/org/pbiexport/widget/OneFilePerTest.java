package org.pbiexport.widget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipFile;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.ReportOptions;
import org.pbiexport.testsupport.Axe;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.DemoApp;
import org.pbiexport.testsupport.Reports;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "One file per Region" in the portal (which shows the widget), in real Chromium: the
 * demo report allows it for its Region filter ({@code one_file_per}), so people can get a
 * ZIP with one PNG per chosen region, or one PDF of every region, through the export
 * jobs.
 */
class OneFilePerTest extends DemoApp {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	BrowserContext context;

	Page page;

	@BeforeEach
	void open() {
		// axe-core goes in as an inline script, which the portal's
		// Content-Security-Policy refuses
		this.context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
				.setAcceptDownloads(true)
				.setBypassCSP(true));
		this.page = this.context.newPage();
		this.page.navigate("http://localhost:" + this.port + "/?report=" + copyOfTheDemo("/demo/report")
				+ "&filter.Region=North&filter.Region=South&filter.Region=East");
		this.page.waitForSelector("#portal-mount .pbi-export__actions");
	}

	/**
	 * The demo report at another address, allowing one file per Region, with a time
	 * budget that a busy machine meets (each value waits its turn in the render pool).
	 */
	private long copyOfTheDemo(String address) {
		ReportDraft demo = this.catalog.find(new ReportId(Reports.idOf(this.catalog, "Sales demo")))
			.orElseThrow()
			.draft();
		return this.catalog
			.create(new ReportDraft("One file per " + System.nanoTime(), "", address, "demo", "url",
					new RenderSettings(null, null, 120_000, null, null, null, false), true, demo.pages(),
					demo.filters(), PowerBiBinding.NONE, new ReportOptions(List.of("Region"), true)), "test")
			.id()
			.value();
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void oneFilePerRegionGivesAZipWithOnePngPerChosenRegion() throws Exception {
		Locator files = this.page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Files"));
		assertThat(files.locator("label").allTextContents()).containsExactly("One file", "One file per Region");
		assertThat(files.getByLabel("One file", new Locator.GetByLabelOptions().setExact(true)).isChecked()).isTrue();
		// by keyboard: the radio group moves with the arrow keys
		files.getByLabel("One file", new Locator.GetByLabelOptions().setExact(true)).focus();
		this.page.keyboard().press("ArrowDown");
		assertThat(files.getByLabel("One file per Region").isChecked()).isTrue();
		assertThat(files.locator(".pbi-export__count").textContent())
			.isEqualTo("3 files, one for each Region chosen above");
		Locator png = this.page.locator("#portal-mount button[data-format=png]");
		assertThat(png.textContent()).isEqualTo("Download one PNG per Region (ZIP)");
		assertThat(Axe.seriousViolations(this.page)).isEmpty();

		Download zip = this.page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(240_000), png::click);
		assertThat(zip.suggestedFilename()).endsWith(".zip").doesNotContain("North");
		try (ZipFile file = new ZipFile(zip.path().toFile())) {
			assertThat(Collections.list(file.entries())).extracting((entry) -> entry.getName())
				.containsExactlyInAnyOrder("North.png", "South.png", "East.png");
		}
		assertThat(this.page.locator("#portal-mount .pbi-export__status").textContent()).startsWith("Downloaded ");
		Files.createDirectories(Path.of("target"));
		this.page
			.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/one-file-per.png")).setFullPage(true));
	}

	@Test
	void oneCombinedPdfHasAnOutlineEntryPerRegion() throws Exception {
		this.page.locator("#portal-mount .pbi-export__scope").getByText("This page").click();
		this.page.getByLabel("One file per Region").check();
		Locator pdf = this.page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("PDF").setExact(true));
		assertThat(pdf.isVisible()).isTrue();
		pdf.getByLabel("One combined PDF").check();
		Locator button = this.page.locator("#portal-mount button[data-format=pdf]");
		assertThat(button.textContent()).isEqualTo("Download one PDF of every Region");
		List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.page.onResponse((response) -> {
			if (response.url().contains("/api/exports/") && !response.url().endsWith("/file")) {
				statuses.add(this.page.locator("#portal-mount .pbi-export__status").textContent());
			}
		});

		Download combined = this.page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(240_000),
				button::click);
		assertThat(combined.suggestedFilename()).endsWith(".pdf");
		try (PDDocument document = Loader.loadPDF(Files.readAllBytes(combined.path()))) {
			assertThat(document.getNumberOfPages()).isEqualTo(3);
			List<String> outline = new java.util.ArrayList<>();
			for (PDOutlineItem item : document.getDocumentCatalog().getDocumentOutline().children()) {
				outline.add(item.getTitle());
			}
			assertThat(outline).containsExactly("North", "South", "East");
		}
		assertThat(statuses).anyMatch((text) -> text.matches("Exporting one PDF of every Region: \\d of 3 values.*"));
	}

	@Test
	void aValueThatFailsIsNamedInWordsAndTheOthersAreDelivered() throws Exception {
		long failsForWest = copyOfTheDemo("/demo/report?error_when=West");
		this.page.navigate("http://localhost:" + this.port + "/?report=" + failsForWest
				+ "&filter.Region=North&filter.Region=West");
		this.page.waitForSelector("#portal-mount .pbi-export__actions");
		this.page.getByLabel("One file per Region").check();

		Download zip = this.page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(240_000),
				() -> this.page.locator("#portal-mount button[data-format=png]").click());
		try (ZipFile file = new ZipFile(zip.path().toFile())) {
			assertThat(Collections.list(file.entries())).extracting((entry) -> entry.getName())
				.containsExactly("North.png");
		}
		Locator error = this.page.locator("#portal-mount .pbi-export__error");
		assertThat(error.isVisible()).isTrue();
		assertThat(error.getAttribute("role")).isEqualTo("alert");
		assertThat(error.locator("p").textContent())
			.isEqualTo("One Region could not be exported and is not in the file: West.");
		assertThat(error.locator("li").textContent()).startsWith("West: The report could not be exported");
		assertThat(error.locator("button").textContent()).isEqualTo("Try again for West");
	}

	@Test
	void withoutTheJobsApiTheChoiceGoesAway() {
		// A CMS proxy that forwards only /api/export answers 405 on /api/exports.
		this.page.route("**/api/exports",
				(route) -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(405)
					.setContentType("application/problem+json")
					.setBody("{\"status\":405,\"title\":\"Method Not Allowed\"}")));
		this.page.getByLabel("One file per Region").check();
		this.page.locator("#portal-mount button[data-format=png]").click();
		this.page.waitForSelector("#portal-mount .pbi-export__error:not([hidden])");
		assertThat(this.page.locator("#portal-mount .pbi-export__error").textContent())
			.contains("does not offer one file per value");
		assertThat(this.page.locator("#portal-mount .pbi-export__each").count()).isZero();
		assertThat(this.page.locator("#portal-mount button[data-format=png]").textContent()).isEqualTo("Download PNG");
	}

	@Test
	void aReportThatDoesNotAllowItOffersNoChoice() {
		long plain = this.catalog
			.create(Reports.aReport()
				.titled("No bursting " + System.nanoTime())
				.at("/demo/report", "demo")
				.withFilter(Reports.regions("North", "South"))
				.build(), "test")
			.id()
			.value();
		this.page.navigate("http://localhost:" + this.port + "/?report=" + plain);
		this.page.waitForSelector("#portal-mount .pbi-export__actions");
		assertThat(this.page.locator("#portal-mount .pbi-export__each").count()).isZero();
	}

}
