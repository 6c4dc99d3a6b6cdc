package org.pbiexport.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.CredentialStore;
import org.pbiexport.testsupport.Axe;
import org.pbiexport.testsupport.Reports;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every admin page passes axe-core's WCAG 2 A and AA rules (labels on every control,
 * contrast, landmarks, names of buttons and links) in real Chromium, with no serious or
 * critical violation.
 */
class AdminAccessibilityTest extends SqliteApp {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Autowired
	CredentialStore credentials;

	BrowserContext context;

	Page page;

	@BeforeEach
	void open() {
		this.context = Axe.context(1366, 900);
		this.page = this.context.newPage();
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void everyAdminPageFollowsTheWcagRules() throws IOException {
		Report report = this.catalog.create(Reports.aReport()
			.titled("Accessible report")
			.withPage("ReportSection1")
			.withFilter(Reports.regions("North", "South"))
			.build(), "setup");
		this.credentials.create(new Credential("rs-account", CredentialKind.WINDOWS, null, null, "CONTOSO\\svc-export",
				"https://reports.contoso.local", "secret"), "setup");
		List<String> problems = new ArrayList<>();

		this.page.navigate(url("/login"));
		problems.addAll(violations("/login"));
		this.page.getByLabel("User name").fill("admin");
		this.page.getByLabel("Password").fill("test-admin-pw");
		this.page.locator("button[type=submit]").click();
		this.page.waitForURL(url("/admin/reports"));

		for (String path : List.of("/admin/reports", "/admin/reports/new", "/admin/reports/" + report.id(),
				"/admin/reports/" + report.id() + "/delete", "/admin/reports/" + report.id() + "/history",
				"/admin/reports/" + report.id() + "/filters/import", "/admin/history", "/admin/users",
				"/admin/api-keys", "/admin/account", "/admin/credentials", "/admin/credentials/rs-account",
				"/admin/credentials/rs-account/delete", "/admin/exports", "/admin/exports?from=someday",
				"/admin/history?user=admin&to=someday", "/admin/schedules", "/admin/schedules/new")) {
			this.page.navigate(url(path));
			problems.addAll(violations(path));
		}
		// A form shown again with its problems beside the fields
		this.page.navigate(url("/admin/credentials"));
		this.page.locator("#win-name").fill("rs-other");
		this.page.locator("#win-username").fill("CONTOSO\\svc");
		this.page.locator("#win-password").fill("pw");
		this.page.locator("#win-origin").fill("https://reports.contoso.local/path");
		this.page.getByText("Add Windows account").click();
		this.page.locator("#win-origin-error").waitFor();
		problems.addAll(violations("/admin/credentials (with problems)"));
		this.page.navigate(url("/admin/schedules/new"));
		this.page.locator("#name").fill("Weekly pack");
		this.page.locator("#cron").fill("every monday");
		this.page.locator("#recipients").fill("not an address");
		this.page.getByText("Make schedule").click();
		this.page.locator("#cron-error").waitFor();
		problems.addAll(violations("/admin/schedules/new (with problems)"));

		assertThat(problems).isEmpty();
	}

	private List<String> violations(String path) {
		return Axe.seriousViolations(this.page).stream().map((violation) -> path + ": " + violation).toList();
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
