package org.pbiexport.admin;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Reports;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report form's default value choice, in real Chromium: it follows the allowed values
 * as they are typed (no save, no round trip), keeps the chosen default while it is still
 * allowed, reads the values as the filter's type and shows dates as dates; without script
 * the server checks the default and keeps the admin's choice beside the error.
 */
class FilterDefaultsBrowserTest extends SqliteApp {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	BrowserContext context;

	Page page;

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void theDefaultChoicesFollowTheAllowedValuesAsTheyAreTyped() {
		open(true);
		String title = "Defaults " + UUID.randomUUID().toString().substring(0, 8);
		this.page.navigate(url("/admin/reports/new"));
		this.page.getByLabel("Title").fill(title);
		this.page.getByLabel("Embed link or iframe snippet").fill(AdminUiBrowserTest.SNIPPET);
		field("pages[0].name").fill("ReportSection1");

		this.page.locator("#add-filter").click();
		field("filters[0].label").fill("Year");
		field("filters[0].table").fill("Calendar");
		field("filters[0].column").fill("Year");
		field("filters[0].type").selectOption("integer");
		Locator allowed = field("filters[0].allowedValues");
		Locator year = field("filters[0].defaults");
		allowed.pressSequentially("2023\n2024");
		assertThat(year.locator("option")).hasText(new String[] { "(none)", "2023", "2024" });
		year.selectOption("2024");
		// Typing on keeps the chosen default; a value not of the type is named at once.
		allowed.pressSequentially("\n20x5\n2025");
		assertThat(year.locator("option")).hasText(new String[] { "(none)", "2023", "2024", "2025" });
		assertThat(year).hasValue("2024");
		assertThat(this.page.locator("[data-live-check]")).hasText("line 3: must be a whole number, got '20x5'");
		assertThat(allowed).hasAttribute("aria-invalid", "true");
		this.page.screenshot(new Page.ScreenshotOptions()
			.setPath(AdminUiBrowserTest.SCREENSHOTS.resolve("admin-report-form-defaults.png"))
			.setFullPage(true));
		// A default no longer allowed is no longer chosen.
		allowed.fill("2023\n2025");
		assertThat(year.locator("option")).hasText(new String[] { "(none)", "2023", "2025" });
		assertThat(year).hasValue("");
		assertThat(this.page.locator("[data-live-check]")).isHidden();
		year.selectOption("2025");

		this.page.locator("#add-filter").click();
		field("filters[1].label").fill("Month end");
		field("filters[1].table").fill("Calendar");
		field("filters[1].column").fill("MonthEnd");
		field("filters[1].type").selectOption("date");
		field("filters[1].allowedValues").pressSequentially("2026-01-31\n2026-02-28");
		Locator month = field("filters[1].defaults");
		assertThat(month.locator("option")).hasText(new String[] { "(none)", "31 Jan 2026", "28 Feb 2026" });
		month.selectOption(new SelectOption().setLabel("28 Feb 2026"));
		assertThat(month).hasValue("2026-02-28");

		this.page.locator("#add-filter").click();
		field("filters[2].label").fill("Region");
		field("filters[2].table").fill("Geography");
		field("filters[2].column").fill("Region");
		field("filters[2].multiple").check();
		assertThat(this.page.locator("select[multiple][name='filters[2].defaults']")).hasCount(1);
		Locator region = field("filters[2].allowedValues");
		region.pressSequentially("North\nSouth\nEast");
		field("filters[2].defaults").selectOption(new String[] { "North", "South" });
		region.fill("North\nEast\nWest");
		assertThat(field("filters[2].defaults").locator("option")).hasText(new String[] { "North", "East", "West" });
		assertThat(field("filters[2].defaults").locator("option:checked")).hasText(new String[] { "North" });

		this.page.getByText("Save and continue editing").click();
		assertThat(this.page.locator(".flash.ok")).containsText("Created “" + title + "”");
		Report saved = this.catalog.find(new ReportId(Reports.idOf(this.catalog, title))).orElseThrow();
		assertThat(saved.filters().get(0).allowedValues()).containsExactly(2023L, 2025L);
		assertThat(saved.filters().get(0).defaults()).containsExactly(2025L);
		assertThat(saved.filters().get(1).defaults()).containsExactly(LocalDate.of(2026, 2, 28));
		assertThat(saved.filters().get(2).defaults()).containsExactly("North");
		// The saved form shows the dates as dates from the start.
		assertThat(field("filters[1].defaults").locator("option:checked")).hasText("28 Feb 2026");
	}

	@Test
	void withoutScriptTheServerRefusesADefaultNoLongerAllowedAndKeepsIt() {
		Report report = this.catalog.create(Reports.aReport()
			.titled("No script " + UUID.randomUUID().toString().substring(0, 8))
			.withPage("ReportSection1")
			.withFilter(Reports.year(2023L, 2024L))
			.build(), "setup");
		open(false);
		this.page.navigate(url("/admin/reports/" + report.id()));
		field("filters[0].allowedValues").fill("2023\n2025");
		this.page.getByText("Save and continue editing").click();

		assertThat(this.page.locator("#defaults-0 .err")).hasText("must be one of the allowed values, got 2024");
		assertThat(field("filters[0].allowedValues")).hasValue("2023\n2025");
		// The refused default is still the one chosen, beside its error, not silently
		// dropped.
		assertThat(field("filters[0].defaults")).hasValue("2024");
		this.page.screenshot(new Page.ScreenshotOptions()
			.setPath(AdminUiBrowserTest.SCREENSHOTS.resolve("admin-report-form-noscript-error.png"))
			.setFullPage(true));
		assertThat(this.catalog.find(report.id()).orElseThrow().filters().get(0).allowedValues())
			.isEqualTo(List.of(2023L, 2024L));
	}

	/** A signed-in admin in British English, with or without script. */
	private void open(boolean script) {
		this.context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900)
				.setLocale("en-GB")
				.setJavaScriptEnabled(script));
		this.context.setDefaultTimeout(20_000);
		this.page = this.context.newPage();
		this.page.navigate(url("/login"));
		this.page.getByLabel("User name").fill("admin");
		this.page.getByLabel("Password").fill("test-admin-pw");
		this.page.locator("button[type=submit]").click();
		assertThat(this.page).hasURL(url("/admin/reports"));
	}

	private Locator field(String name) {
		return this.page.locator("[name='" + name + "']:not([type=hidden])");
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
