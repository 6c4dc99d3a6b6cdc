package org.pbiexport.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
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
import org.pbiexport.testsupport.Chromium;
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
		// axe-core goes in as an inline script, which the pages' Content-Security-Policy
		// refuses; the policy itself is checked in HardeningTest.
		this.context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900).setBypassCSP(true));
		this.context.setDefaultTimeout(20_000);
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
		String axe = axeScript();
		List<String> problems = new ArrayList<>();

		this.page.navigate(url("/login"));
		problems.addAll(violations(axe, "/login"));
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
			problems.addAll(violations(axe, path));
		}
		// A form shown again with its problems beside the fields
		this.page.navigate(url("/admin/credentials"));
		this.page.locator("#win-name").fill("rs-other");
		this.page.locator("#win-username").fill("CONTOSO\\svc");
		this.page.locator("#win-password").fill("pw");
		this.page.locator("#win-origin").fill("https://reports.contoso.local/path");
		this.page.getByText("Add Windows account").click();
		this.page.locator("#win-origin-error").waitFor();
		problems.addAll(violations(axe, "/admin/credentials (with problems)"));
		this.page.navigate(url("/admin/schedules/new"));
		this.page.locator("#name").fill("Weekly pack");
		this.page.locator("#cron").fill("every monday");
		this.page.locator("#recipients").fill("not an address");
		this.page.getByText("Make schedule").click();
		this.page.locator("#cron-error").waitFor();
		problems.addAll(violations(axe, "/admin/schedules/new (with problems)"));

		assertThat(problems).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private List<String> violations(String axe, String path) {
		this.page.addScriptTag(new Page.AddScriptTagOptions().setContent(axe));
		List<Map<String, Object>> found = (List<Map<String, Object>>) this.page.evaluate("""
				async () => {
				  const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
				  return result.violations
				    .filter(v => v.impact === 'serious' || v.impact === 'critical')
				    .map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
				}""");
		return found.stream()
			.map((violation) -> path + ": " + violation.get("id") + " — " + violation.get("help") + " at "
					+ violation.get("nodes"))
			.toList();
	}

	private static String axeScript() throws IOException {
		try (InputStream script = AdminAccessibilityTest.class
			.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
			assertThat(script).as("axe-core on the test class path").isNotNull();
			return new String(script.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
