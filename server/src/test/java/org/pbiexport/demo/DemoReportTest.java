package org.pbiexport.demo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitUntilState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.Pictures;
import org.pbiexport.testsupport.DemoApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo report, seeded on first start and rendered in real headless Chromium from the
 * export dry run's address: filters and pages change what is drawn, a malformed filter
 * shows the error page, and the page says when it has finished (unless told not to).
 */
class DemoReportTest extends DemoApp {

	static final String REGIONS_PAGE = DemoReport.PAGES.get(1).name();

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Autowired
	DemoSeed seed;

	Http admin;

	BrowserContext context;

	@BeforeEach
	void open() {
		this.admin = new Http(this.port).as("admin", "test-admin-pw");
		Browser browser = Chromium.shared().browser();
		this.context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 720));
		// Records every completion event, so tests can tell whether (and how often) it
		// fired.
		this.context.addInitScript("window.__events = [];"
				+ "window.addEventListener('pbi-demo:rendered', (e) => window.__events.push(e.detail));");
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void theFirstStartRegistersTheDemoOnce() {
		ReportSummary demo = demo();
		Report report = this.catalog.find(demo.id()).orElseThrow();

		assertThat(report.pages()).hasSize(3);
		assertThat(report.filters()).extracting((filter) -> filter.table() + "/" + filter.column())
			.containsExactly("Calendar/Year", "Geography/Region", "Calendar/Date");
		assertThat(report.embedKind()).isEqualTo("demo");
		assertThat(this.seed.seed()).isNull();
		assertThat(this.catalog.allReports().stream().filter((r) -> r.title().equals(DemoReport.TITLE))).hasSize(1);
	}

	@Test
	void filtersAndPagesChangeWhatIsDrawn() throws IOException {
		Page first = render(
				renderUrl("&page=" + REGIONS_PAGE + "&filter.Year=2023&filter.Region=North&filter.Region=South"));
		assertThat(first.locator("#page-title").textContent()).isEqualTo("Regions");
		assertThat(first.locator("#active-filters").textContent()).contains("Year: 2023", "Region: North, South");
		assertThat(tableRows(first)).containsExactly(List.of("North", sales(2023, "North")),
				List.of("South", sales(2023, "South")));
		byte[] firstPicture = first.screenshot();
		Files.createDirectories(Path.of("target"));
		Files.write(Path.of("target/demo-report-regions.png"), firstPicture);

		Page second = render(renderUrl("&page=" + REGIONS_PAGE + "&filter.Year=2024&filter.Region=East"));
		assertThat(tableRows(second)).containsExactly(List.of("East", sales(2024, "East")));
		byte[] secondPicture = second.screenshot();

		BufferedImage a = ImageIO.read(new ByteArrayInputStream(firstPicture));
		BufferedImage b = ImageIO.read(new ByteArrayInputStream(secondPicture));
		assertThat(colours(a)).isGreaterThan(10);
		assertThat(colours(b)).isGreaterThan(10);
		assertThat(Pictures.differingPixels(a, b)).isGreaterThan(a.getWidth() * a.getHeight() / 100);
	}

	@Test
	void theOverviewPageIsTidy() throws IOException {
		Page page = render(renderUrl("&filter.Year=2024&filter.Region=North&filter.Region=C%C3%B4te%20d%27Azur"));

		assertThat(page.locator("#page-title").textContent()).isEqualTo("Overview");
		assertThat(page.locator(".visual-container").count()).isEqualTo(6);
		assertThat(page.locator("#active-filters").textContent()).contains("Côte d'Azur");
		Files.write(Path.of("target/demo-report.png"), page.screenshot());
	}

	@Test
	void everyPageFitsTheCapturedSize() throws IOException {
		for (org.pbiexport.catalog.Page reportPage : DemoReport.PAGES) {
			Page page = render(this.base() + "/demo/report?pageName=" + reportPage.name());

			assertThat(page.locator("#page-title").textContent()).isEqualTo(reportPage.displayName());
			// Nothing drawn below the fold or beside it, where a 1280x720 capture would
			// cut it off.
			assertThat(page
				.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"))
				.isEqualTo(List.of(reportPage.width(), reportPage.height()));
			assertThat((Number) page.evaluate("() => Math.max(...[...document.querySelectorAll('.visual-container')]"
					+ ".map((v) => v.getBoundingClientRect().bottom))"))
				.as("the visuals end above the footer")
				.satisfies((bottom) -> assertThat(bottom.doubleValue())
					.isLessThanOrEqualTo(page.locator(".report-footer").boundingBox().y));
			Files.write(Path.of("target/demo-report-" + reportPage.displayName().toLowerCase(Locale.ROOT) + ".png"),
					page.screenshot());
			page.close();
		}
	}

	@Test
	void aPowerBiStyleAddressPicksThePageAndFilters() {
		Page page = render(this.base() + "/demo/report?pageName=" + REGIONS_PAGE + "&filter="
				+ encode("Calendar/Year eq 2023 and Geography/Region in ('North', 'South')"));

		assertThat(page.locator("#page-title").textContent()).isEqualTo("Regions");
		assertThat(page.locator("#active-filters").textContent()).contains("Year: 2023", "Region: North, South");
		assertThat(tableRows(page)).containsExactly(List.of("North", sales(2023, "North")),
				List.of("South", sales(2023, "South")));
		assertThat(page.locator(".visual-container").count()).isEqualTo(2);
		assertThat(page.evaluate("() => window.__events.length")).isEqualTo(1);
		assertThat(page.evaluate("() => [window.pbiDemo.rendered, window.pbiDemo.error, window.pbiDemo.page]"))
			.isEqualTo(java.util.Arrays.asList(true, null, REGIONS_PAGE));
		assertThat(page.evaluate("() => window.pbiDemo.filters.map(f => f.table + '/' + f.column + ' ' + f.op)"))
			.isEqualTo(List.of("Calendar/Year eq", "Geography/Region in"));
	}

	@Test
	void theDollarFilterParameterIsReadToo() {
		Page page = render(this.base() + "/demo/report?pageName=" + REGIONS_PAGE + "&$filter="
				+ encode("Calendar/Year eq 2024 and Geography/Region eq 'east'"));

		assertThat(tableRows(page)).containsExactly(List.of("East", sales(2024, "East")));
	}

	@Test
	void dateColumnsTakeDatesAndDateTimes() {
		String month = "Calendar/Year eq 2024 and Geography/Region eq 'West' and Calendar/Date eq ";
		Page date = render(
				this.base() + "/demo/report?pageName=" + REGIONS_PAGE + "&filter=" + encode(month + "2024-03-31"));
		Page dateTime = render(this.base() + "/demo/report?pageName=" + REGIONS_PAGE + "&filter="
				+ encode(month + "datetime'2024-03-31T00:00:00'"));
		Page later = render(this.base() + "/demo/report?pageName=" + REGIONS_PAGE + "&filter="
				+ encode("Calendar/Year eq 2024 and Geography/Region eq 'West' and Calendar/Date gt 2024-10-31"));

		String march = monthSales("2024-03-31", "West");
		assertThat(tableRows(date)).containsExactly(List.of("West", march));
		assertThat(tableRows(dateTime)).containsExactly(List.of("West", march));
		assertThat(tableRows(later)).hasSize(1).first().isNotEqualTo(List.of("West", sales(2024, "West")));
	}

	@Test
	void everyKindOfMalformedFilterShowsTheErrorPageWithItsReason() {
		String eleven = String.join(" and ", java.util.Collections.nCopies(11, "Calendar/Year eq 2023"));
		Map<String, String> reasons = new LinkedHashMap<>();
		reasons.put("Calendar/Year like 2023", "'like' is not an operator");
		reasons.put("Calendar/Year eq 20x3", "'20x3' is not a value");
		reasons.put("Calendar/Date eq 2024-02-30", "'2024-02-30' is not a date");
		reasons.put("Calendar/Date eq datetime'2024-03-31'", "is not a date and time");
		reasons.put("Geography/Region gt 'North'", "'gt' compares numbers and dates only");
		reasons.put("Geography/Region in ('North', 'South'", "expected ')'");
		reasons.put("Calendar/Year eq 2023 or Calendar/Year eq 2024", "expected 'and'");
		reasons.put(eleven, "more than 10 conditions");
		reasons.forEach((filter, reason) -> {
			Page page = this.context.newPage();
			page.navigate(this.base() + "/demo/report?filter=" + encode(filter));
			page.waitForFunction("() => document.documentElement.dataset.renderState !== undefined");

			assertThat(page.getAttribute("html", "data-render-state")).as(filter).isEqualTo("error");
			assertThat(page.locator("#error-page").textContent()).as(filter)
				.contains("Couldn't apply the filter", reason);
			assertThat(page.evaluate("() => [window.pbiDemo.rendered, window.__events.length]")).as(filter)
				.isEqualTo(List.of(true, 1));
			assertThat(String.valueOf(page.evaluate("() => window.pbiDemo.error"))).as(filter).contains(reason);
			page.close();
		});
	}

	@Test
	void aFailedDataRequestShowsAnErrorPage() {
		Page page = this.context.newPage();
		page.navigate(this.base() + "/demo/report?delay_ms=soon");
		page.waitForFunction("() => document.documentElement.dataset.renderState !== undefined");

		assertThat(page.getAttribute("html", "data-render-state")).isEqualTo("error");
		assertThat(page.locator("#error-page").textContent()).contains("Couldn't load the data", "400");
		assertThat(page.locator(".spinner").isVisible()).isFalse();
	}

	@Test
	void anUnknownPageNameShowsTheFirstPage() {
		Page page = render(this.base() + "/demo/report?pageName=NoSuchPage");

		assertThat(page.locator("#page-title").textContent()).isEqualTo("Overview");
	}

	@Test
	void escapedNamesAreRead() {
		Page page = render(this.base() + "/demo/report?filter=" + "Calendar%2F_x0059_ear%20eq%202022%20and%20"
				+ "Geography%2FRegion%20eq%20%27C%C3%B4te%20d%27%27Azur%27");

		assertThat(page.locator("#active-filters").textContent()).contains("Year: 2022", "Region: Côte d'Azur");
		assertThat(String.valueOf(page.evaluate("() => window.pbiDemo.filters[0].column"))).isEqualTo("Year");
		assertThat(tableRows(page)).containsExactly(List.of("Côte d'Azur", sales(2022, "Côte d'Azur")));
	}

	@Test
	void aMalformedFilterShowsTheErrorPage() throws IOException {
		Page page = this.context.newPage();
		page.navigate(this.base() + "/demo/report?filter=Calendar%2FYear%20eq%20%27unclosed");
		page.waitForFunction("() => document.documentElement.dataset.renderState !== undefined");

		assertThat(page.getAttribute("html", "data-render-state")).isEqualTo("error");
		assertThat(page.locator("#error-page").isVisible()).isTrue();
		assertThat(page.locator("#error-page").textContent()).contains("Couldn't apply the filter",
				"a quote is not closed");
		assertThat(page.locator(".visual-container").count()).isZero();
		assertThat(page.locator("#canvas").isVisible()).isFalse();
		assertThat(page.locator(".spinner").isVisible()).isFalse();
		assertThat(page.locator("#error-page").boundingBox().y).isLessThan(300);
		Files.write(Path.of("target/demo-report-error.png"), page.screenshot());
	}

	@Test
	void withoutTheSignalTheVisualsStillDraw() {
		Page page = this.context.newPage();
		page.navigate(this.base() + "/demo/report?signal=false&pageName=" + REGIONS_PAGE);
		page.waitForSelector("table.data tbody tr");

		assertThat(page.locator(".visual-container").count()).isEqualTo(2);
		// The last visual is drawn in the frame before the signal would be given: wait
		// one more.
		page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100)))");
		assertThat(page.getAttribute("html", "data-render-state")).isNull();
		assertThat(page.evaluate("() => typeof window.pbiDemo")).isEqualTo("undefined");
		assertThat(page.evaluate("() => window.__events.length")).isEqualTo(0);
	}

	@Test
	void theDataArrivesLaterThanThePage() {
		Page page = this.context.newPage();
		page.navigate(this.base() + "/demo/report?delay_ms=1500",
				new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));

		assertThat(page.locator(".spinner").isVisible()).isTrue();
		assertThat(page.getAttribute("html", "data-render-state")).isNull();
		assertThat(page.locator(".visual-container").count()).isZero();
		page.waitForFunction("() => document.documentElement.dataset.renderState === 'rendered'");
		assertThat(page.locator(".visual-container").count()).isEqualTo(6);
		assertThat(page.locator(".spinner").count()).isZero();
	}

	private Page render(String url) {
		Page page = this.context.newPage();
		page.navigate(url);
		page.waitForFunction("() => document.documentElement.dataset.renderState === 'rendered'", null,
				new Page.WaitForFunctionOptions().setTimeout(15_000));
		return page;
	}

	/** The address the export engine would render, from the admins' dry run. */
	private String renderUrl(String query) {
		Http.Response response = this.admin.get("/api/export?report_id=" + demo().id() + query + "&dry_run=true");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("render_url").stringValue();
	}

	private ReportSummary demo() {
		return this.catalog.allReports()
			.stream()
			.filter((report) -> report.title().equals(DemoReport.TITLE))
			.findFirst()
			.orElseThrow();
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	@SuppressWarnings("unchecked")
	private static List<List<String>> tableRows(Page page) {
		return (List<List<String>>) page.evaluate("() => [...document.querySelectorAll('table.data tbody tr')]"
				+ ".map(tr => [...tr.children].slice(0, 2).map(td => td.textContent))");
	}

	/** One query value, percent-encoded with spaces as %20 as the export engine does. */
	private static String encode(String filter) {
		return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String monthSales(String monthEnd, String region) {
		long total = DemoPages.DemoData.generate()
			.rows()
			.stream()
			.filter((row) -> row.date().equals(monthEnd) && row.region().equals(region))
			.mapToLong(DemoPages.DemoData.Row::sales)
			.sum();
		return NumberFormat.getIntegerInstance(Locale.US).format(total);
	}

	private static String sales(long year, String region) {
		long total = DemoPages.DemoData.generate()
			.rows()
			.stream()
			.filter((row) -> row.year() == year && row.region().equals(region))
			.mapToLong(DemoPages.DemoData.Row::sales)
			.sum();
		return NumberFormat.getIntegerInstance(Locale.US).format(total);
	}

	private static long colours(BufferedImage image) {
		return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
			.map((i) -> image.getRGB(i % image.getWidth(), i / image.getWidth()))
			.distinct()
			.count();
	}

}
