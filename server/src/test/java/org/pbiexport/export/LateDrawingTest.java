package org.pbiexport.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.DemoApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No early capture on a page shaped like a real Power BI report: one slow query (1.4 s),
 * then four layers drawn 150 ms apart, and no completion signal, so only the fallback
 * readiness rules can tell when it has finished. Its last layer holds the orange line
 * chart; every PNG of eight exports at once, on the app's default settings, must show it.
 */
class LateDrawingTest extends DemoApp {

	static final String REAL_SHAPED = "/demo/report?delay_ms=1400&layers=4&draw_ms=150&signal=false";

	/** The stroke and points of the demo's line chart, drawn in no other visual. */
	static final int LINE_CHART_ORANGE = 0xc2571a;

	/**
	 * Far more than the antialiased edge of anything else could give, far fewer than the
	 * chart has.
	 */
	static final int ENOUGH_ORANGE = 300;

	/**
	 * Records each batch of visuals added to the canvas with its time, before the page's
	 * own scripts run.
	 */
	static final String DRAWING_LOG = """
			window.__steps = [];
			document.addEventListener('DOMContentLoaded', () => {
			  new MutationObserver((records) => {
			    const added = records.flatMap((r) => [...r.addedNodes])
			      .filter((n) => n.classList && n.classList.contains('visual-container'))
			      .map((n) => n.dataset.visual + (n.querySelector('table') ? ' (table)' : ''));
			    if (added.length) { window.__steps.push({ at: performance.now(), visuals: added }); }
			  }).observe(document.getElementById('canvas'), { childList: true });
			});
			""";

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Test
	@SuppressWarnings("unchecked")
	void thePageDrawsFourLayers150MillisecondsApartAfterItsSlowQuery() {
		try (BrowserContext context = context()) {
			Page page = context.newPage();
			page.navigate("http://localhost:" + this.port + REAL_SHAPED);
			page.waitForFunction("() => window.__steps.length === 4", null,
					new Page.WaitForFunctionOptions().setTimeout(15_000));
			page.waitForTimeout(300);

			List<Map<String, Object>> steps = (List<Map<String, Object>>) page.evaluate("() => window.__steps");
			assertThat(steps).extracting((step) -> step.get("visuals"))
				.containsExactly(List.of("Total sales"), List.of("Units sold", "Average price"),
						List.of("Sales by region"), List.of("Sales by month", "Sales by region (table)"));
			assertThat(((Number) steps.get(0).get("at")).doubleValue()).as("the first layer waits for the query")
				.isGreaterThanOrEqualTo(1400);
			for (int k = 1; k < steps.size(); k++) {
				double gap = ((Number) steps.get(k).get("at")).doubleValue()
						- ((Number) steps.get(k - 1).get("at")).doubleValue();
				assertThat(gap).as("time between layers %d and %d", k, k + 1).isGreaterThanOrEqualTo(140);
			}
			assertThat(page.getAttribute("html", "data-render-state")).isNull();
			assertThat(page.evaluate("() => typeof window.pbiDemo")).isEqualTo("undefined");
		}
	}

	@Test
	void onlyTheLastLayerShowsTheOrangeChart() throws IOException {
		try (BrowserContext context = context()) {
			Page page = context.newPage();
			// The same layers a second apart, so that a picture between them is easy to
			// take.
			page.navigate("http://localhost:" + this.port + "/demo/report?delay_ms=0&layers=4&draw_ms=1000");
			page.waitForFunction("() => window.__steps.length === 3", null,
					new Page.WaitForFunctionOptions().setTimeout(15_000));
			BufferedImage beforeLast = ImageIO.read(new ByteArrayInputStream(page.screenshot()));
			page.waitForFunction("() => document.documentElement.dataset.renderState === 'rendered'", null,
					new Page.WaitForFunctionOptions().setTimeout(15_000));
			BufferedImage finished = ImageIO.read(new ByteArrayInputStream(page.screenshot()));

			assertThat(page.evaluate("() => window.__steps.length")).isEqualTo(4);
			assertThat(orangePixels(beforeLast)).isZero();
			assertThat(orangePixels(finished)).isGreaterThan(ENOUGH_ORANGE);
		}
	}

	@Test
	void eightConcurrentExportsAreEachCapturedAfterTheLastLayer() throws Exception {
		long report = realShapedReport();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				// A different width each: eight cache keys, eight renders.
				String query = "/api/export?report_id=" + report + "&width=" + (1200 + i * 10);
				responses.add(clients.submit(() -> get(query)));
			}
			for (int i = 0; i < 8; i++) {
				HttpResponse<byte[]> response = responses.get(i).get(120, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as("export %d", i).isEqualTo(200);
				assertThat(response.headers().firstValue("X-Cache")).as("export %d", i).hasValue("MISS");
				assertThat(response.headers().firstValue("X-Render-Readiness")).as("export %d", i).hasValue("fallback");
				BufferedImage png = ImageIO.read(new ByteArrayInputStream(response.body()));
				assertThat(png.getWidth()).as("export %d", i).isEqualTo(1200 + i * 10);
				assertThat(orangePixels(png)).as("the last layer's line chart in export %d", i)
					.isGreaterThan(ENOUGH_ORANGE);
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	/**
	 * The demo report at the real-shaped address, with a time budget that eight renders
	 * queued on a busy two-core machine fit in.
	 */
	private long realShapedReport() {
		ReportSummary demo = this.catalog.allReports()
			.stream()
			.filter((r) -> r.title().equals("Sales demo"))
			.findFirst()
			.orElseThrow();
		ReportDraft draft = this.catalog.find(demo.id()).orElseThrow().draft();
		return this.catalog
			.create(new ReportDraft("Late drawing demo", draft.description(), REAL_SHAPED, "demo", "url",
					new RenderSettings(null, null, 120_000, null, null, null, false), true, draft.pages(),
					draft.filters()), "test")
			.id()
			.value();
	}

	private static BrowserContext context() {
		BrowserContext context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(1280, 720));
		context.addInitScript(DRAWING_LOG);
		return context;
	}

	private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(120))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * Pixels within a small distance of the line chart's orange, antialiased edges
	 * included.
	 */
	static long orangePixels(BufferedImage image) {
		long count = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				int rgb = image.getRGB(x, y);
				int distance = Math.abs(((rgb >> 16) & 0xff) - ((LINE_CHART_ORANGE >> 16) & 0xff))
						+ Math.abs(((rgb >> 8) & 0xff) - ((LINE_CHART_ORANGE >> 8) & 0xff))
						+ Math.abs((rgb & 0xff) - (LINE_CHART_ORANGE & 0xff));
				if (distance < 60) {
					count++;
				}
			}
		}
		return count;
	}

}
