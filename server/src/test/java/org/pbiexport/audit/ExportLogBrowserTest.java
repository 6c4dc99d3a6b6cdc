package org.pbiexport.audit;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
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
 * In real Chromium: an admin makes an API key with an expiry on the page and copies it
 * with the Copy button; a script exports with it; the admin finds that export's row in
 * the export log by the key's name. Screenshots land in {@code target/screenshots}.
 */
class ExportLogBrowserTest extends SqliteApp {

	static final Path SCREENSHOTS = Paths.get("target", "screenshots");

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	BrowserContext context;

	Page page;

	@BeforeEach
	void open() {
		this.context = Chromium.shared().laptopContext();
		this.context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
		this.page = this.context.newPage();
	}

	@AfterEach
	void close() {
		this.context.close();
	}

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

	private void signIn() {
		this.page.navigate(url("/login"));
		this.page.getByLabel("User name").fill("admin");
		this.page.getByLabel("Password").fill("test-admin-pw");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		this.page.waitForURL(url("/admin/reports"));
	}

	private void shot(String name) {
		this.page.screenshot(
				new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("admin-" + name + ".png")).setFullPage(true));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
