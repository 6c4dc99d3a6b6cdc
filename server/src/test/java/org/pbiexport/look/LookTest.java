package org.pbiexport.look;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.CredentialStore;
import org.pbiexport.testsupport.Axe;
import org.pbiexport.testsupport.DemoApp;
import org.pbiexport.testsupport.Reports;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One look, in real Chromium: every admin page and the portal pass axe-core's WCAG rules
 * (contrast included) in the light and the dark theme, fit a 390×844 phone without
 * sideways scrolling of the page, and are photographed in each to
 * {@code target/screenshots/look-*.png}, pages that show a problem (a filter that is not
 * a day, a form shown again with its problems) included; the widget turns dark only on
 * host pages whose color-scheme allows it. Each page loads once: the theme and the
 * viewport change on it.
 */
class LookTest extends DemoApp {

	static final Path SCREENSHOTS = Paths.get("target", "screenshots");

	static final int PHONE_WIDTH = 390;

	static final int LAPTOP_WIDTH = 1366;

	static final int LAPTOP_HEIGHT = 900;

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
		this.context = Axe.context(LAPTOP_WIDTH, LAPTOP_HEIGHT);
		this.context.setDefaultTimeout(30_000);
		this.page = this.context.newPage();
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void everyAdminPageFitsAPhoneAndFollowsTheWcagRulesInBothThemes() {
		Report report = this.catalog.create(Reports.aReport()
			.titled("A report with a rather long title to see how it wraps")
			.withPage("ReportSection1")
			.withFilter(Reports.regions("North", "South"))
			.build(), "setup");
		if (this.credentials.find("look-account").isEmpty()) {
			this.credentials.create(new Credential("look-account", CredentialKind.WINDOWS, null, null,
					"CONTOSO\\svc-export", "https://reports.contoso.local", "secret"), "setup");
		}
		List<String> problems = new ArrayList<>();
		this.page.navigate(url("/login"));
		problems.addAll(check("/login", "login"));
		this.page.getByLabel("User name").fill("admin");
		this.page.getByLabel("Password").fill("test-admin-pw");
		this.page.locator("button[type=submit]").click();
		this.page.waitForURL(url("/admin/reports"));
		this.page.navigate(url("/admin/api-keys"));
		this.page.locator("#name").fill("Intranet page of the sales team");
		this.page.getByText("Make key").click();
		this.page.locator("#new-secret").waitFor();
		problems.addAll(check("/admin/api-keys (new key)", "api-keys"));

		String id = "/admin/reports/" + report.id();
		// pages with a problem shown too: a filter that is not a day
		List<String> pages = List.of("/admin/reports", "/admin/reports/new", id, id + "/delete", id + "/history",
				id + "/filters/import", "/admin/history", "/admin/exports", "/admin/users", "/admin/account",
				"/admin/credentials", "/admin/credentials/look-account", "/admin/credentials/look-account/delete",
				"/admin/schedules", "/admin/schedules/new", "/admin/exports?from=someday",
				"/admin/history?user=admin&to=someday");
		for (String path : pages) {
			this.page.navigate(url(path));
			problems.addAll(check(path, name(path)));
		}
		// forms shown again with their problems beside the fields
		problems.addAll(shownAgain(
				"/admin/credentials", Map.of("#win-name", "look-other", "#win-username", "CONTOSO\\svc",
						"#win-password", "pw", "#win-origin", "https://reports.contoso.local/path"),
				"Add Windows account", "#win-origin-error"));
		problems.addAll(shownAgain("/admin/schedules/new",
				Map.of("#name", "Weekly pack", "#cron", "every monday", "#recipients", "not an address"),
				"Make schedule", "#cron-error"));
		assertThat(problems).isEmpty();
	}

	/**
	 * The form at this path, filled in with what it refuses and sent, checked as it comes
	 * back with the problem beside its field.
	 */
	private List<String> shownAgain(String path, Map<String, String> typed, String button, String error) {
		this.page.navigate(url(path));
		typed.forEach((field, value) -> this.page.locator(field).fill(value));
		this.page.getByText(button).click();
		this.page.locator(error).waitFor();
		return check(path + " (with problems)", name(path) + "-problems");
	}

	private static String name(String path) {
		return path.substring("/admin/".length()).replaceAll("[^a-z0-9]+", "-");
	}

	@Test
	void thePortalFitsAPhoneAndFollowsTheWcagRulesInBothThemes() {
		List<String> problems = new ArrayList<>();
		this.page.navigate(url("/"));
		this.page.locator("#report-list button").first().waitFor();
		problems.addAll(check("/", "portal-empty"));
		// other test classes share this database, so the list holds their reports too,
		// some without filters: the demo report is the one whose filters show
		this.page.locator("#report-list")
			.getByText("Sales demo", new Locator.GetByTextOptions().setExact(true))
			.click();
		this.page.locator(".pbi-export select, .pbi-export fieldset").first().waitFor();
		problems.addAll(check("/ (a report chosen)", "portal-report"));
		assertThat(problems).isEmpty();
	}

	@Test
	void theWidgetTurnsDarkOnlyWhereTheHostPageAllowsIt() throws IOException {
		this.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
		assertThat(widgetBackground("")).as("a page that says nothing about colour schemes")
			.isEqualTo("rgb(255, 255, 255)");
		assertThat(widgetBackground("<meta name=\"color-scheme\" content=\"light dark\">"))
			.as("a page that allows dark")
			.isEqualTo("rgb(28, 34, 43)");
		this.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
		assertThat(widgetBackground("<meta name=\"color-scheme\" content=\"light dark\">"))
			.as("a page that allows dark, on a light system")
			.isEqualTo("rgb(255, 255, 255)");
	}

	/**
	 * The widget's background on an intranet page of another origin with this in its
	 * head.
	 */
	private String widgetBackground(String head) throws IOException {
		byte[] html = """
				<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title>%s
				<script src="http://localhost:%d/widget/pbi-export.js" defer></script></head>
				<body><div data-pbi-export data-report-id="%d"></div></body></html>"""
			.formatted(head, this.port, Reports.idOf(this.catalog, "Sales demo"))
			.getBytes(StandardCharsets.UTF_8);
		// Another origin: 127.0.0.1 on its own port, while the app is reached as
		// localhost.
		HttpServer intranet = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		intranet.createContext("/", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, html.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(html);
			}
		});
		intranet.start();
		try {
			this.page.navigate("http://127.0.0.1:" + intranet.getAddress().getPort() + "/sales");
			this.page.locator(".pbi-export").waitFor();
			return (String) this.page
				.evaluate("getComputedStyle(document.querySelector('.pbi-export')).backgroundColor");
		}
		finally {
			intranet.stop(0);
		}
	}

	/**
	 * Axe in light and dark at a laptop's 1366×900, then the page's width at 390×844; a
	 * screenshot of each (and of the phone in dark).
	 */
	private List<String> check(String path, String name) {
		List<String> problems = new ArrayList<>();
		for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
			this.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
			String theme = scheme.name().toLowerCase();
			this.page.setViewportSize(LAPTOP_WIDTH, LAPTOP_HEIGHT);
			Axe.seriousViolations(this.page).forEach((v) -> problems.add(path + " (" + theme + "): " + v));
			shot(name + "-" + theme);
			this.page.setViewportSize(PHONE_WIDTH, 844);
			int width = ((Number) this.page.evaluate("document.documentElement.scrollWidth")).intValue();
			if (width > PHONE_WIDTH) {
				problems.add(path + " (" + theme + ", phone): " + width + " px wide");
			}
			shot(name + "-phone-" + theme);
		}
		this.page.setViewportSize(LAPTOP_WIDTH, LAPTOP_HEIGHT);
		this.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
		return problems;
	}

	private void shot(String name) {
		this.page.screenshot(
				new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("look-" + name + ".png")).setFullPage(true));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
