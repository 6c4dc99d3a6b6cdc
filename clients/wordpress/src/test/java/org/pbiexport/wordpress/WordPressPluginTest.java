package org.pbiexport.wordpress;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.pbiexport.client.testing.RunningServer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "done when" for WordPress: Debian's WordPress on MariaDB and PHP's built-in
 * server, the plugin set up through its settings page, a page with the shortcode and one
 * with the block opened in headless Chromium against a running pbi-export; filters
 * picked, a preview, PNG and PDF downloaded and checked, and the API key nowhere the
 * browser could see it. Screenshots land in {@code target/wordpress/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(1200)
class WordPressPluginTest {

	private static final Path OUT = Path.of("target", "wordpress");

	// Generous: the build machine may be shared, and a render then waits for a core.
	private static final double EXPORT_TIMEOUT_MS = 240_000;

	private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--no-first-run");

	private static @Nullable RunningServer server;

	private static @Nullable WordPressSite site;

	private static @Nullable Playwright playwright;

	private static @Nullable Browser browser;

	@BeforeAll
	static void start() throws Exception {
		Requirements.check();
		server = RunningServer.shared();
		site = WordPressSite.start(Path.of("pbi-export").toAbsolutePath(), OUT);
		playwright = Playwright.create();
		browser = playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(Requirements.CHROMIUM)
				.setHeadless(true)
				.setArgs(CHROMIUM_ARGS));
		PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
	}

	@AfterAll
	static void stop() throws Exception {
		try {
			if (browser != null) {
				browser.close();
			}
			if (playwright != null) {
				playwright.close();
			}
		}
		finally {
			if (site != null) {
				site.close();
			}
		}
	}

	@Test
	@Order(1)
	void anAdministratorSavesTheServerAndKeyAndThePageNeverShowsTheKey() {
		try (BrowserContext context = context()) {
			Page page = signIn(context);
			page.navigate(site().url().resolve("/wp-admin/options-general.php?page=pbi-export").toString());
			assertThat(page.getByText("No key is saved.")).isVisible();

			page.fill("#pbi_export_server_url", "ftp://exports.example.internal");
			page.click("#submit");
			assertThat(page.locator(".notice-error, .error").first()).containsText("The server address must be");
			assertThat(page.locator("#pbi_export_server_url")).hasValue("");

			page.fill("#pbi_export_server_url", server().baseUrl().toString());
			page.fill("#pbi_export_api_key", server().apiKey());
			page.click("#submit");
			assertThat(page.locator("#setting-error-settings_updated")).isVisible();
			assertThat(page.getByText("A key is saved; leave empty to keep it.")).isVisible();
			assertThat(page.locator("#pbi_export_api_key")).hasValue("");
			assertThat(page.locator(".pbi-export-connection")).containsText("Connected: the server shows");
			assertFalse(page.content().contains(server().apiKey()), "The settings page shows the saved API key");

			// Saving again with the key field empty keeps the key.
			page.click("#submit");
			assertThat(page.locator(".pbi-export-connection")).containsText("Connected: the server shows");
			page.screenshot(new Page.ScreenshotOptions().setPath(OUT.resolve("settings.png")).setFullPage(true));
			assertFalse(page.content().contains(server().apiKey()), "The settings page shows the saved API key");
		}
	}

	@Test
	@Order(2)
	void theBlockEditorOffersTheBlockWithTheReportsOfTheServer() {
		try (BrowserContext context = context()) {
			Page page = signIn(context);
			List<String> errors = new CopyOnWriteArrayList<>();
			page.onPageError(errors::add);
			page.onConsoleMessage((message) -> {
				if ("error".equals(message.type()) && message.text().contains("pbi-export")) {
					errors.add(message.text());
				}
			});
			page.navigate(site().url().resolve("/wp-admin/post-new.php?post_type=page").toString());
			page.waitForFunction("() => window.wp && wp.blocks && !!wp.blocks.getBlockType('pbi-export/report')");
			page.evaluate("() => { const guide = wp.data.select('core/edit-post').isFeatureActive('welcomeGuide');"
					+ " if (guide) { wp.data.dispatch('core/edit-post').toggleFeature('welcomeGuide'); }"
					+ " wp.data.dispatch('core/block-editor').insertBlocks(wp.blocks.createBlock('pbi-export/report', {})); }");
			// The report list comes through the plugin's own route, with the key kept in
			// WordPress.
			Locator choice = page.locator(".components-placeholder select");
			assertThat(choice.locator("option[value='1']")).hasText("Sales demo (1)");
			choice.selectOption("1");
			assertThat(page.getByText("Power BI export: Sales demo").first()).isVisible();
			page.screenshot(new Page.ScreenshotOptions().setPath(OUT.resolve("block-editor.png")));
			assertEquals(List.of(), errors, "script errors in the block editor");
			assertFalse(page.content().contains(server().apiKey()), "The API key is in the block editor");
		}
	}

	@Test
	@Order(3)
	void visitorsExportFromTheShortcodeAndTheBlockThroughWordPressWithoutTheKey() throws Exception {
		try (BrowserContext context = context()) {
			BrowserTraffic traffic = new BrowserTraffic(context);
			for (String slug : List.of("shortcode", "block")) {
				exportFrom(context.newPage(), slug);
			}
			traffic.assertRequested("/wp-json/pbi-export/v1/widget/pbi-export.js", "/wp-json/pbi-export/v1/api/reports",
					"/wp-json/pbi-export/v1/api/pages/1", "/wp-json/pbi-export/v1/api/filters/1",
					"/wp-json/pbi-export/v1/api/export?report_id=1", "filter.Year=2024");
			traffic.assertNothingSentTo(server().baseUrl());
			int searched = traffic.assertNowhere(server().apiKey());
			assertTrue(searched >= 10, "Only " + searched + " response bodies could be searched");
		}
		assertEquals(List.of(), site().pluginLogLines(), "PHP reported problems in the plugin");
	}

	@Test
	@Order(4)
	void anAllPagesPdfIsOneExportJobThroughWordPressWithoutTheKey() throws Exception {
		try (BrowserContext context = context()) {
			BrowserTraffic traffic = new BrowserTraffic(context);
			Page page = context.newPage();
			page.navigate(site().page("shortcode").toString());
			Locator widget = page.locator("[data-pbi-export]");
			assertThat(widget.locator(".pbi-export__title")).hasText("Sales demo");
			// formats="png,pdf,pptx,zip" in the shortcode: PowerPoint and ZIP are
			// offered.
			assertThat(widget.locator("button[data-format='pptx']")).isVisible();
			assertThat(widget.locator("button[data-format='zip']")).isVisible();
			assertTrue(widget.locator(".pbi-export__scope input[value='all']").isChecked(), "All pages is the default");

			Download download = page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(EXPORT_TIMEOUT_MS),
					() -> widget.locator("button[data-format='pdf']").click());
			Path pdf = OUT.resolve("job-export.pdf");
			download.saveAs(pdf);
			try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
				assertEquals(3, document.getNumberOfPages());
			}

			String jobs = "/wp-json/pbi-export/v1/api/exports";
			List<com.microsoft.playwright.Response> queued = traffic.answers("POST", jobs);
			assertEquals(1, queued.size(), "one POST " + jobs + " among " + traffic.urls());
			assertEquals(202, queued.get(0).status());
			String status = queued.get(0).headerValue("location");
			assertNotNull(status, "the job's Location");
			assertTrue(status.startsWith(site().url().resolve(jobs).toString() + "/"),
					"Location names the WordPress route: " + status);
			assertTrue(queued.get(0).text().contains("\"status_url\":\"" + status + "\""), queued.get(0).text());
			List<com.microsoft.playwright.Response> files = traffic.answers("GET", "/file")
				.stream()
				.filter((response) -> response.url().startsWith(status))
				.toList();
			assertEquals(1, files.size(), "one GET of the job's file among " + traffic.urls());
			assertEquals(200, files.get(0).status());
			assertEquals("application/pdf", files.get(0).headerValue("content-type"));
			assertEquals(String.valueOf(Files.size(pdf)), files.get(0).headerValue("content-length"));
			assertEquals(List.of(),
					traffic.answers("GET", "/api/export?")
						.stream()
						.map(com.microsoft.playwright.Response::url)
						.filter((url) -> url.contains("format=pdf"))
						.toList(),
					"no fallback to GET /api/export");
			traffic.assertNothingSentTo(server().baseUrl());
			traffic.assertNowhere(server().apiKey());
		}
		assertEquals(List.of(), site().pluginLogLines(), "PHP reported problems in the plugin");
	}

	@Test
	@Order(5)
	void withSignedInUsersOnlyAnonymousVisitorsAreToldInWordsAndSignedInOnesExport() throws Exception {
		site().php("tool.php", "require-login", "1");
		try (BrowserContext context = context()) {
			Page page = context.newPage();
			page.navigate(site().page("shortcode").toString());
			assertThat(page.locator("[data-pbi-export] .pbi-export__error"))
				.containsText("Sign in to this site to preview and download this report.");
			page = signIn(context);
			page.navigate(site().page("block").toString());
			assertThat(page.locator("[data-pbi-export] .pbi-export__primary")).isVisible();
		}
		finally {
			site().php("tool.php", "require-login", "0");
		}
	}

	@Test
	@Order(6)
	void deletingThePluginRemovesItsOptions() throws Exception {
		String output = site().php("tool.php", "uninstall");
		assertTrue(output.contains("option: \"absent\""), output);
		assertEquals(List.of(), site().pluginLogLines(), "PHP reported problems in the plugin");
	}

	private void exportFrom(Page page, String slug) throws IOException {
		com.microsoft.playwright.Response document = page.navigate(site().page(slug).toString());
		assertNotNull(document);
		assertEquals(200, document.status(), slug + " page");
		Locator widget = page.locator("[data-pbi-export]");
		assertEquals(1, widget.count(), "one widget on the " + slug + " page");
		assertEquals(0, page.locator("[data-api-key]").count(), "a data-api-key attribute");
		assertThat(widget.locator(".pbi-export__title")).hasText("Sales demo");
		assertFalse(page.content().contains(server().apiKey()), "The API key is in the " + slug + " page");

		widget.locator("select[id$='-page']").selectOption("ReportSection6f7a8b9c0d");
		widget.locator("select[data-column='Year']").selectOption("2024");
		// Region is a checkbox list (North and South by default): only East and Côte
		// d'Azur
		Locator regions = widget.locator("[data-column='Region']");
		regions.getByText("Clear").click();
		regions.locator("input[value='East']").check();
		regions.locator("input[value=\"Côte d'Azur\"]").check();
		// Month end: the allowed dates in the reader's format, sending ISO dates
		widget.locator("select[data-column='Date']").selectOption("2024-06-30");

		widget.locator(".pbi-export__primary").click();
		Locator preview = widget.locator(".pbi-export__preview img");
		assertThat(preview).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
			.setTimeout(EXPORT_TIMEOUT_MS));
		assertThat(widget.locator(".pbi-export__status")).hasText("Preview ready.");
		assertEquals(1280, ((Number) preview.evaluate("img => img.naturalWidth")).intValue(), "preview width");
		assertThat(widget.locator(".pbi-export__error")).isHidden();
		page.screenshot(new Page.ScreenshotOptions().setPath(OUT.resolve(slug + "-page.png")).setFullPage(true));

		Path png = download(page, widget, "png", slug);
		byte[] bytes = Files.readAllBytes(png);
		assertArrayEquals(new byte[] { (byte) 0x89, 'P', 'N', 'G' }, Arrays.copyOf(bytes, 4), "PNG magic");
		BufferedImage image = ImageIO.read(png.toFile());
		// The demo report's pages are 1280 × 720 CSS pixels (GET /api/pages/1), scale 1.
		assertEquals(1280, image.getWidth());
		assertEquals(720, image.getHeight());

		// "All pages" is the PDF's default: one export job of all three pages through the
		// plugin's job routes.
		Path pdf = download(page, widget, "pdf", slug);
		assertArrayEquals("%PDF-".getBytes(), Arrays.copyOf(Files.readAllBytes(pdf), 5), "PDF magic");
		try (PDDocument document2 = Loader.loadPDF(pdf.toFile())) {
			assertEquals(3, document2.getNumberOfPages());
		}
		widget.locator(".pbi-export__scope").getByText("This page").click();
		Path onePage = download(page, widget, "pdf", slug);
		assertTrue(onePage.getFileName().toString().endsWith(".pdf"));
		try (PDDocument document3 = Loader.loadPDF(onePage.toFile())) {
			// One page chosen in the widget: a one-page PDF.
			assertEquals(1, document3.getNumberOfPages());
		}
		assertThat(widget.locator(".pbi-export__error")).isHidden();
	}

	/**
	 * Clicks a download button and keeps the file; its name shows the page and filters
	 * went through.
	 */
	private Path download(Page page, Locator widget, String format, String slug) {
		Download download = page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(EXPORT_TIMEOUT_MS),
				() -> widget.locator("button[data-format='" + format + "']").click());
		String name = download.suggestedFilename();
		boolean allPages = "pdf".equals(format) && widget.locator(".pbi-export__scope input[value='all']").isChecked();
		assertTrue(name.endsWith("." + format) && (allPages || name.contains("Regions")) && name.contains("2024")
				&& !name.contains("2025") && name.contains("East") && name.contains("Azur"), name);
		Path file = OUT.resolve(slug + "-export." + format);
		download.saveAs(file);
		assertThat(widget.locator(".pbi-export__status"))
			.hasText(Pattern.compile("^Downloaded .*\\." + format + "\\.$"));
		return file;
	}

	private static Page signIn(BrowserContext context) {
		Page page = context.newPage();
		page.navigate(site().url().resolve("/wp-login.php").toString());
		// wp-login.php empties and focuses the name field 200 ms after loading: fill it
		// after.
		page.waitForFunction("() => document.activeElement && document.activeElement.id === 'user_login'");
		page.fill("#user_login", "admin");
		page.fill("#user_pass", site().adminPassword());
		page.click("#wp-submit");
		page.waitForURL(Pattern.compile(".*/wp-admin/.*"));
		return page;
	}

	private static BrowserContext context() {
		BrowserContext context = browser()
			.newContext(new Browser.NewContextOptions().setAcceptDownloads(true).setViewportSize(1280, 1000));
		context.setDefaultTimeout(30_000);
		context.setDefaultNavigationTimeout(60_000);
		return context;
	}

	private static RunningServer server() {
		return present(server);
	}

	private static WordPressSite site() {
		return present(site);
	}

	private static Browser browser() {
		return present(browser);
	}

	private static <T> T present(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("The test's setup did not finish");
		}
		return value;
	}

}
