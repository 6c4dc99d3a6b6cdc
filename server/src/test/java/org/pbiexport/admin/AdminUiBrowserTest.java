package org.pbiexport.admin;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportListing;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.year;

/**
 * The admin pages as the BI team uses them, in real Chromium against the running app:
 * sign in, register a report from Power BI's iframe snippet with two pages and two
 * filters, fix a mistake, edit allowed values, read the change in the history, see the
 * page previews, delete through the confirmation page and sign out; find an export in the
 * export log by the API key that made it. Screenshots of each page land in
 * {@code target/screenshots}.
 */
class AdminUiBrowserTest extends SqliteApp {

	static final Path SCREENSHOTS = Paths.get("target", "screenshots");

	static final String SNIPPET = "<iframe title=\"Regional sales\" width=\"1140\" height=\"541.25\" "
			+ "src=\"/demo/report\" frameborder=\"0\" allowFullScreen=\"true\"></iframe>";

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	BrowserContext context;

	Page page;

	@BeforeEach
	void open() {
		this.context = Chromium.shared().laptopContext();
		this.page = this.context.newPage();
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void anAdminRegistersEditsPreviewsAndDeletesAReport() {
		// other test classes share this database, so the title is this run's own
		String title = "Regional sales " + UUID.randomUUID().toString().substring(0, 8);
		this.page.navigate(url("/admin"));
		assertThat(this.page).hasURL(url("/login"));
		shot("login");
		this.page.getByLabel("User name").fill("admin");
		this.page.getByLabel("Password").fill("test-admin-pw");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(this.page).hasURL(url("/admin/reports"));
		assertThat(this.page.locator("h1")).hasText("Reports");

		this.page.getByText("Add report").click();
		this.page.getByLabel("Title").fill(title);
		this.page.getByLabel("Embed link or iframe snippet").fill(SNIPPET);
		assertThat(this.page.locator("#embed-kind")).containsText("Detected");
		field("pages[0].name").fill("ReportSection1a2b3c4d5e");
		field("pages[0].displayName").fill("Overview");
		this.page.locator("#add-page").click();
		field("pages[1].name").fill("ReportSection6f7a8b9c0d");
		field("pages[1].displayName").fill("Regions");
		field("pages[1].width").fill("wide");

		this.page.locator("#add-filter").click();
		field("filters[0].label").fill("Year");
		field("filters[0].table").fill("Calendar");
		field("filters[0].column").fill("Year");
		field("filters[0].type").selectOption("integer");
		field("filters[0].allowedValues").fill("2023\n2024\n2025");
		field("filters[0].allowedValues").blur();
		assertThat(field("filters[0].defaults").locator("option[value='2025']")).hasCount(1);
		field("filters[0].defaults").selectOption("2025");

		this.page.locator("#add-filter").click();
		field("filters[1].label").fill("Region");
		field("filters[1].table").fill("Geography");
		field("filters[1].column").fill("Region");
		field("filters[1].allowedValues").fill("North\nSouth\nEast");
		field("filters[1].multiple").check();
		assertThat(this.page.locator("select[multiple][name='filters[1].defaults']")).hasCount(1);
		field("filters[1].defaults").selectOption(new String[] { "North", "South" });
		shot("report-new");

		// A mistake is shown beside its field, and nothing typed is lost.
		this.page.getByText("Save and continue editing").click();
		assertThat(this.page.locator(".flash.error")).containsText("1 problem");
		assertThat(field("pages[1].width")).hasValue("wide");
		assertThat(this.page.locator("td.has-error .err")).containsText("must be a whole number from 100");
		assertThat(field("filters[0].allowedValues")).hasValue("2023\n2024\n2025");
		shot("report-error");
		field("pages[1].width").fill("1280");
		this.page.getByText("Save and continue editing").click();
		assertThat(this.page.locator(".flash.ok")).containsText("Created “" + title + "”");

		Report created = registered(title);
		assertThat(created.pages()).extracting(org.pbiexport.catalog.Page::name)
			.containsExactly("ReportSection1a2b3c4d5e", "ReportSection6f7a8b9c0d");
		assertThat(created.filters()).hasSize(2);
		assertThat(created.filters().get(0).defaults()).containsExactly(2025L);
		assertThat(created.filters().get(1).defaults()).containsExactly("North", "South");
		assertThat(created.embedUrl()).isEqualTo("/demo/report");

		// The previews: one thumbnail per page, rendered with the default filters.
		Locator thumbnails = this.page.locator(".previews img");
		assertThat(thumbnails).hasCount(2,
				new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(60_000));
		assertThat(thumbnails.first()).hasAttribute("src", java.util.regex.Pattern.compile("^data:image/png;base64,"));
		assertThat(this.page.locator(".previews .render-url").first())
			.containsText("filter=Calendar/Year eq 2025 and Geography/Region in ('North', 'South')");
		assertThat(this.page.locator(".previews .problem")).hasCount(0);
		shot("report-edit");

		// Edit a filter's allowed values.
		field("filters[0].allowedValues").fill("2024\n2025");
		this.page.getByText("Save and continue editing").click();
		assertThat(this.page.locator(".flash.ok")).containsText("Saved “" + title + "”");
		assertThat(registered(title).filters().get(0).allowedValues()).containsExactly(2024L, 2025L);

		// The history shows who changed what from what to what.
		this.page.locator("main")
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("History").setExact(true))
			.click();
		assertThat(this.page.locator("h1")).containsText("History of report " + created.id());
		assertThat(this.page.locator("tr.entry")).hasCount(2);
		Locator latest = this.page.locator("tr.entry").first();
		assertThat(latest).containsText("admin");
		assertThat(latest).containsText("updated");
		Locator change = latest.locator("tr.change",
				new Locator.LocatorOptions().setHasText("filter Year: allowed_values"));
		assertThat(change.locator(".old")).hasText("2023, 2024, 2025");
		assertThat(change.locator(".new")).hasText("2024, 2025");
		shot("history");

		this.page.navigate(url("/admin/reports?q=" + title.replace(' ', '+')));
		assertThat(this.page.locator("tbody tr")).hasCount(1);
		assertThat(this.page.locator("tbody tr")).containsText(title);
		assertThat(this.page.locator("tbody tr")).containsText("by admin");
		shot("reports-list");

		// Delete through the confirmation page, which lists what goes with the report.
		this.page.navigate(url("/admin/reports/" + created.id()));
		this.page.getByText("Delete…").click();
		assertThat(this.page.locator("main")).containsText("2 pages: Overview, Regions");
		assertThat(this.page.locator("main")).containsText("Year (2 allowed values)");
		shot("report-delete");
		this.page.getByText("Yes, delete it").click();
		assertThat(this.page.locator(".flash.ok")).containsText("Deleted “" + title + "”");
		assertThat(this.catalog.listing()).extracting(ReportListing::title).doesNotContain(title);
		shot("reports");

		this.page.getByText("Sign out").click();
		assertThat(this.page).hasURL(url("/login?signed-out"));
		assertThat(this.page.locator(".flash.ok")).containsText("You have signed out");
		this.page.navigate(url("/admin/reports"));
		assertThat(this.page).hasURL(url("/login"));
	}

	@Test
	void theOtherAdminPagesRenderForAnAdmin() {
		signIn();
		for (String path : List.of("/admin/history", "/admin/users", "/admin/api-keys", "/admin/account")) {
			this.page.navigate(url(path));
			assertThat(this.page.locator("h1")).isVisible();
			assertThat(this.page.locator("header.top nav")).containsText("Sign out");
			shot(path.substring("/admin/".length()));
		}
		this.page.navigate(url("/admin/api-keys"));
		this.page.getByLabel("Name").fill("Intranet");
		this.page.getByText("Make key").click();
		assertThat(this.page.locator("#new-secret")).containsText("pbx_");
		shot("api-key-created");
	}

	@Test
	void theImportWizardPreviewsOldToNewThenApplies() {
		Report report = regionsReport("Import target");
		String csv = "filter_label;column_name;table_name;type;allowed_values;default;multiple\n"
				+ "Region;region;Geography;text;North|East;North;yes\n"
				+ "Year;year;Calendar;integer;2024|2025;2025;no\n";
		signIn();
		this.page.navigate(url("/admin/reports/" + report.id()));
		this.page.getByText("Import filters from Excel or CSV…").click();
		this.page.getByLabel("Spreadsheet")
			.setInputFiles(new com.microsoft.playwright.options.FilePayload("regions.csv", "text/csv",
					csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		this.page.getByText("Upload and preview").click();

		assertThat(this.page.locator("h1")).hasText("Preview: regions.csv");
		assertThat(this.page.locator(".summary")).containsText("1 filter to create, 1 to change");
		Locator change = this.page.locator("table.import-updated tr.change",
				new Page.LocatorOptions().setHasText("allowed_values"));
		// Which values come and go, not just "changed".
		assertThat(change.locator(".added")).hasText("+ 1 added: East");
		assertThat(change.locator(".removed")).hasText("− 1 removed: South");
		assertThat(change.locator("details summary")).hasText("All values: 2 before, 2 after");
		assertThat(this.page.locator("table.import-created")).containsText("Calendar/year");
		assertThat(this.catalog.find(report.id()).orElseThrow().filters()).hasSize(1);
		shot("import-preview");

		this.page.getByText("Confirm and import").click();
		assertThat(this.page.locator(".flash.ok")).containsText("1 filters created, 1 changed");
		Report imported = this.catalog.find(report.id()).orElseThrow();
		assertThat(imported.filter("region").orElseThrow().allowedValues()).containsExactly("North", "East");
		assertThat(imported.filter("year").orElseThrow().allowedValues()).containsExactly(2024L, 2025L);
	}

	@Test
	void longListsOfAddedValuesAreFoldedInTheImportPreview() {
		Report report = regionsReport("Many values");
		StringBuilder values = new StringBuilder("North");
		for (int i = 1; i <= 25; i++) {
			values.append("|Store ").append(i);
		}
		String csv = "filter_label;column_name;table_name;type;allowed_values;default;multiple\n"
				+ "Region;region;Geography;text;" + values + ";North;yes\n";
		signIn();
		previewImport(report, "stores.csv", csv);

		Locator added = this.page.locator("table.import-updated .added");
		assertThat(added.locator("details summary")).hasText("+ 25 added");
		assertThat(added.locator("details .new")).not().isVisible();
		assertThat(this.page.locator("table.import-updated .removed")).hasText("− 1 removed: South");
		added.locator("details summary").click();
		assertThat(added.locator("details .new")).containsText("Store 1, Store 2, Store 3");
		shot("import-preview-folded");
	}

	@Test
	void aDataExtractsColumnsBecomeFilters() {
		Report report = this.catalog.create(
				org.pbiexport.testsupport.Reports.aReport().titled("From data").withPage("ReportSection1").build(),
				"setup");
		String extract = "Region,Sales,Year\nNorth,10.5,2024\nSouth,3,2024\nNorth,7,2025\nEast,1,2025\n";
		signIn();
		this.page.navigate(url("/admin/reports/" + report.id() + "/filters/import"));
		this.page.getByLabel("Data extract")
			.setInputFiles(new com.microsoft.playwright.options.FilePayload("export-data.csv", "text/csv",
					extract.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		this.page.getByText("Upload and choose columns").click();
		assertThat(this.page.locator("table.extract-columns tbody tr")).hasCount(3);
		this.page.getByLabel("Region").check();
		this.page.getByLabel("Year").check();
		this.page.getByLabel("Power BI table of these columns").fill("Sales");
		shot("extract-columns");
		this.page.getByText("Preview").last().click();
		assertThat(this.page.locator(".summary")).containsText("2 filters to create");
		this.page.getByText("Confirm and import").click();
		assertThat(this.page.locator(".flash.ok")).containsText("2 filters created");
		Report imported = this.catalog.find(report.id()).orElseThrow();
		assertThat(imported.filter("Region").orElseThrow().allowedValues()).containsExactly("East", "North", "South");
		assertThat(imported.filter("Year").orElseThrow().allowedValues()).containsExactly(2024L, 2025L);
	}

	@Test
	void theImportWizardShowsErrorsByRowAndWritesNothing() {
		Report report = this.catalog.create(
				org.pbiexport.testsupport.Reports.aReport().titled("Import errors").withPage("ReportSection1").build(),
				"setup");
		String csv = "filter_label,column_name,table_name,type,allowed_values\n"
				+ "Year,year,Calendar,integer,2024|abc\n";
		signIn();
		previewImport(report, "bad.csv", csv);
		assertThat(this.page.locator("table.import-errors tbody tr")).hasCount(1);
		assertThat(this.page.locator("table.import-errors")).containsText("abc");
		assertThat(this.page.getByText("Confirm and import")).hasCount(0);
		com.microsoft.playwright.Download download = this.page
			.waitForDownload(() -> this.page.getByText("Download the failed rows with an error column").click());
		assertThat(download.suggestedFilename()).isEqualTo("report-" + report.id() + "-failed-rows.csv");
		shot("import-errors");
		assertThat(this.catalog.find(report.id()).orElseThrow().filters()).isEmpty();
	}

	/**
	 * An admin makes an API key with an expiry and copies it with the Copy button; a
	 * script exports with it; the admin finds that export's row in the export log.
	 */
	@Test
	void anAdminCopiesANewKeyAndFindsItsExportInTheLog() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		String title = "Logged " + tag;
		long report = this.catalog
			.create(aReport().titled(title)
				.at("/demo/report?delay_ms=0", "demo")
				.withPage("ReportSection1a2b3c4d5e")
				.withFilter(year(2023L, 2024L))
				.build(), "test")
			.id()
			.value();
		this.context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
		signIn();

		this.page.navigate(url("/admin/api-keys"));
		this.page.getByLabel("Name").fill("browser " + tag);
		this.page.getByLabel("Expires on (optional)").fill("2099-12-31");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make key")).click();
		String secret = this.page.locator("#new-secret").textContent().strip();
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy")).click();
		assertThat(this.page.locator("#copy-state")).hasText("Copied.");
		assertThat(this.page.evaluate("navigator.clipboard.readText()")).isEqualTo(secret);
		assertThat(this.page.locator("tr", new Page.LocatorOptions().setHasText("browser " + tag)))
			.containsText("2100-01-01 00:00");
		shot("api-key-made");

		assertThat(new Http(this.port).with("X-API-Key", secret)
			.download("/api/export?report_id=" + report + "&filter.year=2023")
			.statusCode()).isEqualTo(200);

		this.page.navigate(url("/admin/reports"));
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Export log")).click();
		this.page.getByLabel("User or API key").fill("browser " + tag);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
		// Written off the request thread: a moment later at most.
		for (int i = 0; i < 20 && !this.page.locator("#export-count").textContent().startsWith("1 "); i++) {
			this.page.waitForTimeout(250);
			this.page.reload();
		}
		assertThat(this.page.locator("#export-count")).hasText("1 export, newest first");
		assertThat(this.page.locator("table.export-log tbody tr"))
			.containsText(new String[] { "key browser " + tag + " (pbx_" + secret.substring(4, 14) + "_…)" });
		assertThat(this.page.locator("table.export-log tbody tr").first()).containsText(title);
		assertThat(this.page.locator("table.export-log tbody tr").first()).containsText("year=2023");
		assertThat(this.page.locator("table.export-log tbody tr").first()).containsText("MISS");
		assertThat(this.page.locator("#download-csv")).hasAttribute("href", "/admin/exports.csv?who=browser%20" + tag);
		shot("export-log");
	}

	@Test
	void timesAreShownInTheViewersOwnTimeZoneWithUtcInTheirTitle() {
		Report report = this.catalog.create(aReport().titled("Zoned " + System.nanoTime()).build(), "setup");
		this.context.close();
		this.context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900)
				.setTimezoneId("Asia/Tokyo")
				.setLocale("en-GB"));
		this.page = this.context.newPage();
		signIn();
		this.page.navigate(url("/admin/history?report=" + report.id()));
		Locator when = this.page.locator("table time[data-local]").first();
		String utc = when.getAttribute("title");
		assertThat(when).not().hasText(utc);
		java.time.Instant at = java.time.Instant.parse(when.getAttribute("datetime"));
		java.time.ZonedDateTime tokyo = at.atZone(java.time.ZoneId.of("Asia/Tokyo"));
		assertThat(when).containsText(String.format("%02d:%02d", tokyo.getHour(), tokyo.getMinute()));
		assertThat(when).containsText("GMT+9");
		org.assertj.core.api.Assertions.assertThat(utc).endsWith(" UTC");
	}

	private void signIn() {
		this.page.navigate(url("/login"));
		this.page.getByLabel("User name").fill("admin");
		this.page.getByLabel("Password").fill("test-admin-pw");
		this.page.locator("button[type=submit]").click();
		assertThat(this.page).hasURL(url("/admin/reports"));
	}

	/** A new report whose one filter allows the regions North and South. */
	private Report regionsReport(String title) {
		return this.catalog.create(org.pbiexport.testsupport.Reports.aReport()
			.titled(title)
			.withPage("ReportSection1")
			.withFilter(org.pbiexport.testsupport.Reports.regions("North", "South"))
			.build(), "setup");
	}

	/** Uploads a CSV filter file on the report's import page and asks for the preview. */
	private void previewImport(Report report, String name, String csv) {
		this.page.navigate(url("/admin/reports/" + report.id() + "/filters/import"));
		this.page.getByLabel("Spreadsheet")
			.setInputFiles(new com.microsoft.playwright.options.FilePayload(name, "text/csv",
					csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		this.page.getByText("Upload and preview").click();
	}

	private Report registered(String title) {
		ReportListing listing = this.catalog.listing()
			.stream()
			.filter((report) -> report.title().equals(title))
			.findFirst()
			.orElseThrow();
		return this.catalog.find(listing.id()).orElseThrow();
	}

	private Locator field(String name) {
		return this.page.locator("[name='" + name + "']:not([type=hidden])");
	}

	private void shot(String name) {
		this.page.screenshot(
				new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("admin-" + name + ".png")).setFullPage(true));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
