import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.FilterCondition;
import org.pbiexport.powerbi.LiteralKind;
import org.pbiexport.powerbi.SdkEmbeds;
import org.pbiexport.testsupport.FakeReportEmbed;
import org.pbiexport.testsupport.PowerBiStandIn;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.json.JsonMapper;

/**
 * Warm report sessions against the floor, run by bench/run after the embedded-mode row: cache
 * misses of one-page PNGs of an {@code embedded} report on the local Power BI stand-ins
 * (PowerBiStandIn for Entra ID and the REST API, FakeReportEmbed for the report frame), the
 * app on its default render settings, each request a filter value not asked before (so
 * every one misses the export cache, and every one can use a warm session: same report,
 * page, size, identity and token):
 * <ul>
 * <li>(F) the floor: bare Playwright, one warm Chromium behind Playwright's browser server
 * (as the app runs it), one page per client in a context the stand-in prepared; per capture
 * it reloads the app's {@code /powerbi/host.html}, embeds with the configuration the app
 * would send, waits for {@code rendered} and takes the screenshot (no settle);</li>
 * <li>(P) pbi-export loading the report for every export (the report has
 * {@code warm_sessions: false});</li>
 * <li>(W) pbi-export with warm sessions (the default): filters changed in place.</li>
 * </ul>
 * Each at 1 client and at 8 closed-loop clients, after a warm-up that is not measured. The
 * stand-in's costs: {@code bench.warm.loadMs} (2000) for a load, Power BI's bootstrap,
 * report definition and data model, and {@code bench.warm.queryMs} (500) for the visuals'
 * queries, paid on every load and every filter change.
 * <p>
 * Compiled into server/target/bench-classes beside the others (it uses Measurements, the
 * browser server of TopologyBenchmark and EmbeddedBenchmark's admin calls) and run on the
 * server's test classpath.
 */
public class WarmBenchmark {

	static final int WIDTH = 1280;

	static final int HEIGHT = 720;

	static final int VALUES = 400;

	/**
	 * Both reports' time budget (the default is 30 s): on a busy 2-core machine 8 fresh loads
	 * at once can take longer, and a failed export would end the run.
	 */
	static final int TIMEOUT_MS = 120_000;

	static final String PAGE = FakeReportEmbed.PAGES.get(0).name();

	/** Every request takes the next value: none is asked twice, so every export misses the cache. */
	static final AtomicInteger values = new AtomicInteger();

	static String base;

	static FakeReportEmbed fake;

	static long loadMs;

	static long queryMs;

	public static void main(String[] args) throws Exception {
		int oneClient = Integer.getInteger("bench.warm.oneClient", 8);
		int perClient = Integer.getInteger("bench.warm.perClient", 4);
		loadMs = Long.getLong("bench.warm.loadMs", 2000);
		queryMs = Long.getLong("bench.warm.queryMs", 500);
		int clients = 8;
		PowerBiStandIn powerbi = PowerBiStandIn.start();
		Credential principal = powerbi.servicePrincipal("bench-sp");
		PowerBiStandIn.Report report = EmbeddedBenchmark.addReport(powerbi, "1");
		fake = new FakeReportEmbed();
		Path data = Files.createTempDirectory("pbi-bench-warm");
		ConfigurableApplicationContext app = EmbeddedBenchmark.startApp(fake, data, powerbi);
		TopologyBenchmark.BrowserServer floorBrowser = null;
		List<TopologyBenchmark.Lane> lanes = new ArrayList<>();
		try {
			base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
			// the admin calls go through EmbeddedBenchmark's (same admin password)
			EmbeddedBenchmark.base = base;
			MeterRegistry meters = app.getBean(MeterRegistry.class);
			EmbeddedBenchmark.send("POST", "/api/admin/credentials", """
					{"name": "bench-sp", "kind": "service_principal", "tenant_id": "%s", "client_id": "%s",
					 "client_secret": "%s"}""".formatted(principal.tenantId(), principal.clientId(), principal.secret()));
			long warm = create(report, "Bench warm", true);
			long fresh = create(report, "Bench fresh", false);
			knobs();
			Map<String, Object> floorConfig = SdkEmbeds.config(report.id(),
					FakeReportEmbed.embedUrl(report.id(), report.workspaceId()), "bench-floor-token", PAGE, List.of(),
					true);

			floorBrowser = TopologyBenchmark.BrowserServer.start();
			String endpoint = floorBrowser.endpoint();
			for (int c = 0; c < clients; c++) {
				TopologyBenchmark.Lane lane = new TopologyBenchmark.Lane(
						(playwright) -> playwright.chromium().connect(endpoint));
				lane.opened();
				lanes.add(lane);
			}
			List<Page> pages = new ArrayList<>();
			for (TopologyBenchmark.Lane lane : lanes) {
				pages.add(lane.on(() -> {
					BrowserContext context = lane.browser()
						.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(WIDTH,
								HEIGHT));
					fake.prepare(context);
					return context.newPage();
				}));
			}
			Client floor = (client) -> lanes.get(client).on(() -> floorCapture(pages.get(client), floorConfig));
			Client pbiFresh = (client) -> export(fresh);
			Client pbiWarm = (client) -> export(warm);

			// Warm-up, not measured: Chromium and the render threads start, the embed token is
			// cached, every floor page and the host page's scripts are loaded, and (W) warm
			// sessions are kept on the render threads that took the warm-up's exports.
			for (Client path : List.of(floor, pbiFresh, pbiWarm)) {
				run(1, 1, path);
			}
			run(clients, clients, floor);
			run(clients, clients, pbiFresh);
			run(clients, 2 * clients, pbiWarm);
			run(1, 4, pbiWarm);

			Map<String, Row> rows = new LinkedHashMap<>();
			for (int c : new int[] { 1, clients }) {
				int n = (c == 1) ? oneClient : c * perClient;
				rows.put("F" + c, row("(F) floor: bare Playwright, warm browser, reload per capture", c, n, floor,
						meters));
				rows.put("P" + c, row("(P) pbi-export, warm_sessions: false (a load per export)", c, n, pbiFresh,
						meters));
				rows.put("W" + c, row("(W) pbi-export, warm sessions (default)", c, n, pbiWarm, meters));
			}
			print(rows, oneClient, perClient, clients);
		}
		finally {
			for (TopologyBenchmark.Lane lane : lanes) {
				lane.close();
			}
			if (floorBrowser != null) {
				floorBrowser.close();
			}
			app.close();
			powerbi.close();
			try (var files = Files.walk(data)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	/** One client's request or capture. */
	interface Client {

		void run(int client) throws Exception;

	}

	record Row(String name, int clients, Measurements.Result result, double p90, int loads, Map<String, Double> warm) {
	}

	/** The stand-in's costs; read when a report frame is served, so set before every load. */
	static void knobs() {
		fake.loadCost(loadMs).slow(queryMs);
	}

	static void run(int clients, int n, Client path) throws Exception {
		Measurements.Result result = Measurements.measure(clients, n, ProcessHandle.current().pid(),
				(client, i) -> path.run(client));
		System.err.printf("warm-up: %d requests at %d clients, p50 %.0f ms%n", n, clients, result.p50());
	}

	static Row row(String name, int clients, int n, Client path, MeterRegistry meters) throws Exception {
		fake.reset();
		knobs();
		Map<String, Double> before = warmRenders(meters);
		List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
		Measurements.Result result = Measurements.measure(clients, n, ProcessHandle.current().pid(), (client, i) -> {
			long started = System.nanoTime();
			path.run(client);
			latencies.add((System.nanoTime() - started) / 1e6);
		});
		List<Double> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		Map<String, Double> warm = warmRenders(meters);
		warm.replaceAll((outcome, count) -> count - before.getOrDefault(outcome, 0.0));
		return new Row(name, clients, result, Measurements.percentile(sorted, 90), fake.loads(), warm);
	}

	/** pbi_export_warm_renders_total by outcome, so far. */
	static Map<String, Double> warmRenders(MeterRegistry meters) {
		Map<String, Double> counts = new LinkedHashMap<>();
		for (String outcome : List.of("hit", "cold", "mismatch", "error")) {
			Counter counter = meters.find("pbi_export_warm_renders").tag("outcome", outcome).counter();
			counts.put(outcome, (counter != null) ? counter.count() : 0.0);
		}
		return counts;
	}

	static void print(Map<String, Row> rows, int oneClient, int perClient, int clients) {
		System.out.printf("Warm report sessions, one-page PNG %dx%d of an embedded report on the Power BI stand-ins,"
				+ " every request a new filter value (a cache miss); stand-in costs: %d ms per report load (Power BI's"
				+ " bootstrap, report definition and data model) plus %d ms per query (every load and every filter"
				+ " change); %d requests at 1 client, %d per client at %d clients, after a warm-up:%n%n", WIDTH, HEIGHT,
				loadMs, queryMs, oneClient, perClient, clients);
		System.out.println("| path | clients | requests | p50 ms | p90 ms | throughput/s | report loads |");
		System.out.println("|---|---|---|---|---|---|---|");
		for (Row row : rows.values()) {
			System.out.printf("| %s | %d | %d | %.0f | %.0f | %.2f | %d |%n", row.name(), row.clients(),
					row.result().count(), row.result().p50(), row.p90(), row.result().throughput(), row.loads());
		}
		System.out.println();
		for (Row row : rows.values()) {
			if (row.name().startsWith("(W)")) {
				System.out.printf("- (W) at %d client%s, warm renders: %s%n", row.clients(),
						(row.clients() == 1) ? "" : "s", row.warm());
			}
		}
		for (int c : new int[] { 1, clients }) {
			Measurements.Result f = rows.get("F" + c).result();
			Measurements.Result p = rows.get("P" + c).result();
			Measurements.Result w = rows.get("W" + c).result();
			System.out.printf(
					"- %d client%s: W/F p50 = %.2f (goal ≤ 0.50: %s), W/P p50 = %.2f; throughput W/F = %.2f, W/P = %.2f%n",
					c, (c == 1) ? "" : "s", w.p50() / f.p50(), (w.p50() <= 0.5 * f.p50()) ? "met" : "not met",
					w.p50() / p.p50(), w.throughput() / f.throughput(), w.throughput() / p.throughput());
		}
	}

	/** Reloads the host page, embeds with a new filter value, waits for rendered, screenshots. */
	static byte[] floorCapture(Page page, Map<String, Object> config) {
		Map<String, Object> withFilter = new LinkedHashMap<>(config);
		withFilter.put("filters", List.of(SdkEmbeds
			.basicFilter(FilterCondition.of("Bench", "Code", LiteralKind.TEXT, List.of(nextValue())))));
		page.navigate(base + "/powerbi/host.html");
		page.evaluate("(json) => window.pbiExport.embed(JSON.parse(json))",
				JsonMapper.shared().writeValueAsString(withFilter));
		page.waitForFunction("() => ['rendered', 'error'].includes(document.documentElement.dataset.renderState)",
				null, new Page.WaitForFunctionOptions().setTimeout(60_000));
		Object state = page.evaluate("() => document.documentElement.dataset.renderState");
		if (!"rendered".equals(state)) {
			throw new IllegalStateException("the floor's embed failed: "
					+ page.evaluate("() => document.documentElement.dataset.renderError"));
		}
		return page.screenshot();
	}

	static String nextValue() {
		int next = values.incrementAndGet();
		if (next > VALUES) {
			throw new IllegalStateException("more requests than the " + VALUES + " filter values");
		}
		return "V%04d".formatted(next);
	}

	static void export(long reportId) throws IOException, InterruptedException {
		String path = "/api/export?report_id=" + reportId + "&format=png&page=" + PAGE + "&width=" + WIDTH
				+ "&height=" + HEIGHT + "&filter.Code=" + URLEncoder.encode(nextValue(), StandardCharsets.UTF_8);
		HttpResponse<byte[]> response = EmbeddedBenchmark.http.send(
				HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
					+ new String(response.body(), StandardCharsets.UTF_8));
		}
		if (!"MISS".equals(response.headers().firstValue("X-Cache").orElse(null))) {
			throw new IllegalStateException(path + " was not a cache miss");
		}
	}

	static long create(PowerBiStandIn.Report report, String title, boolean warmSessions)
			throws IOException, InterruptedException {
		String allowed = String.join(",",
				IntStream.rangeClosed(1, VALUES).mapToObj((i) -> "\"V%04d\"".formatted(i)).toList());
		String created = EmbeddedBenchmark.send("POST", "/api/admin/reports", """
				{"title": "%s", "render_mode": "embedded", "warm_sessions": %s, "timeout_ms": %d,
				 "powerbi": {"workspace_id": "%s", "report_id": "%s", "credential": "bench-sp"},
				 "pages": [{"name": "%s", "display_name": "%s"}],
				 "filters": [{"label": "Code", "table": "Bench", "column": "Code", "type": "text",
				              "allowed_values": [%s]}]}""".formatted(title, warmSessions, TIMEOUT_MS, report.workspaceId(),
				report.id(), PAGE, FakeReportEmbed.PAGES.get(0).displayName(), allowed));
		return Long.parseLong(created.replaceAll("(?s).*\"report_id\":(\\d+).*", "$1"));
	}

}
