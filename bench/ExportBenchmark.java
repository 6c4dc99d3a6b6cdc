import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * The export benchmark of docs/benchmarks.md, run by bench/run against a running pbi-export:
 * (a) floor: bare Playwright capturing the demo page in a warm browser per client thread;
 * (b) a fresh browser per export, as a naive script or Grafana's renderer v5 does;
 * (c) pbi-export, cache miss (every request a different size, so a different cache key);
 * (d) pbi-export, cache hit.
 * Each at 1, 4 and 8 clients: p50/p95 latency, throughput, peak RSS of the process tree that
 * renders (this JVM and its Chromiums for a and b; the app and its Chromiums for c and d).
 */
public class ExportBenchmark {

	static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
			"--hide-scrollbars");

	static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("PBI_EXPORT_RENDER_CHROMIUM_PATH", "/usr/bin/chromium"));

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static String base;

	static String auth;

	static long reportId;

	static final AtomicInteger sizes = new AtomicInteger();

	public static void main(String[] args) throws Exception {
		base = args[0];
		auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
		long appPid = Long.parseLong(args[2]);
		Matcher id = Pattern.compile("\"report_id\":(\\d+)").matcher(get("/api/reports", false).body());
		id.find();
		reportId = Long.parseLong(id.group(1));
		String pageUrl = dryRunUrl();
		int[] clients = { 1, 4, 8 };
		int perClient = Integer.getInteger("bench.perClient", 6);
		List<String> rows = new ArrayList<>();
		Map<String, Result> byName = new java.util.LinkedHashMap<>();
		// Warm-up, not measured: the JIT, and every render thread of the app starts its browser.
		measure(8, 16, appPid, (i) -> export(false));
		export(true);
		for (int c : clients) {
			int n = c * perClient;
			byName.put("floor@" + c, floor(c, n, pageUrl));
			byName.put("fresh@" + c, fresh(c, Math.max(c * 3, n / 2), pageUrl));
			byName.put("miss@" + c, measure(c, n, appPid, (i) -> export(false)));
			byName.put("hit@" + c, measure(c, n * 5, appPid, (i) -> export(true)));
		}
		System.out.println("| run | clients | requests | p50 ms | p95 ms | throughput /s | peak RSS MiB |");
		System.out.println("|---|---|---|---|---|---|---|");
		byName.forEach((name, r) -> System.out.printf("| %s | %s | %d | %.1f | %.1f | %.2f | %d |%n", label(name),
				name.substring(name.indexOf('@') + 1), r.count, r.p50, r.p95, r.throughput, r.peakRssMib));
		System.out.println();
		for (int c : clients) {
			Result floor = byName.get("floor@" + c);
			Result miss = byName.get("miss@" + c);
			Result fresh = byName.get("fresh@" + c);
			System.out.printf("- %d clients: miss p50 / floor p50 = %.2f; miss throughput / floor throughput = %.2f; "
					+ "miss throughput / fresh-browser throughput = %.2f; hit p50 = %.1f ms%n", c, miss.p50 / floor.p50,
					miss.throughput / floor.throughput, miss.throughput / fresh.throughput, byName.get("hit@" + c).p50);
		}
	}

	static String label(String name) {
		return switch (name.substring(0, name.indexOf('@'))) {
			case "floor" -> "(a) floor: bare Playwright, warm browser";
			case "fresh" -> "(b) fresh browser per export";
			case "miss" -> "(c) pbi-export, cache miss";
			default -> "(d) pbi-export, cache hit";
		};
	}

	record Result(int count, double p50, double p95, double throughput, long peakRssMib) {
	}

	interface Work {

		void run(int i) throws Exception;

	}

	/** Runs n pieces of work on c threads, timing each, sampling the RSS of a process tree. */
	static Result measure(int c, int n, long pid, Work work) throws Exception {
		List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger next = new AtomicInteger();
		AtomicLong peak = new AtomicLong();
		Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				peak.accumulateAndGet(rss(pid), Math::max);
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		sampler.start();
		ExecutorService pool = Executors.newFixedThreadPool(c);
		long started = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < c; t++) {
			futures.add(pool.submit(() -> {
				int i;
				while ((i = next.getAndIncrement()) < n) {
					long s = System.nanoTime();
					work.run(i);
					latencies.add((System.nanoTime() - s) / 1e6);
				}
				return null;
			}));
		}
		for (Future<?> f : futures) {
			f.get();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		pool.shutdown();
		sampler.interrupt();
		sampler.join();
		List<Double> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		return new Result(n, percentile(sorted, 50), percentile(sorted, 95), n / seconds, peak.get() / 1024 / 1024);
	}

	static double percentile(List<Double> sorted, int p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
	}

	/**
	 * (a) c warm browsers, one per client at a time, each with a fresh context per capture, as
	 * pbi-export's render threads work. Started and warmed before timing.
	 */
	static Result floor(int c, int n, String pageUrl) throws Exception {
		List<Playwright> playwrights = new ArrayList<>();
		java.util.concurrent.BlockingQueue<Browser> browsers = new java.util.concurrent.ArrayBlockingQueue<>(c);
		for (int t = 0; t < c; t++) {
			Playwright playwright = Playwright
				.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
			playwrights.add(playwright);
			Browser browser = playwright.chromium().launch(launch());
			capture(browser, pageUrl, 1280);
			browsers.add(browser);
		}
		try {
			return measure(c, n, ProcessHandle.current().pid(), (i) -> {
				Browser browser = browsers.take();
				try {
					capture(browser, pageUrl, 1279 - (i % 1000));
				}
				finally {
					browsers.add(browser);
				}
			});
		}
		finally {
			playwrights.forEach(Playwright::close);
		}
	}

	/** (b) A browser started and closed for every export. */
	static Result fresh(int c, int n, String pageUrl) throws Exception {
		return measure(c, n, ProcessHandle.current().pid(), (i) -> {
			try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
				Browser browser = playwright.chromium().launch(launch());
				capture(browser, pageUrl, 1280 - (i % 200));
				browser.close();
			}
		});
	}

	static BrowserType.LaunchOptions launch() {
		return new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true).setArgs(ARGS);
	}

	static byte[] capture(Browser browser, String url, int width) {
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, 720))) {
			Page page = context.newPage();
			page.navigate(url);
			page.waitForFunction("() => document.documentElement.dataset.renderState === 'rendered'");
			return page.screenshot();
		}
	}

	/** (c)/(d) One PNG export through the HTTP API; a miss asks for a width not asked before. */
	static void export(boolean hit) throws Exception {
		int width = hit ? 1280 : 1279 - sizes.getAndIncrement() % 1000;
		HttpResponse<String> response = get("/api/export?report_id=" + reportId + "&width=" + width, false);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("export answered " + response.statusCode() + ": " + response.body());
		}
	}

	static String dryRunUrl() throws IOException, InterruptedException {
		String body = get("/api/export?report_id=" + reportId + "&dry_run=true", true).body();
		Matcher url = Pattern.compile("\"render_url\":\"([^\"]+)\"").matcher(body);
		url.find();
		return url.group(1).replace("\\u0026", "&");
	}

	static HttpResponse<String> get(String path, boolean admin) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
		if (admin) {
			request.header("Authorization", auth);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Resident memory of a process and all its descendants, from /proc. */
	static long rss(long pid) {
		long total = 0;
		List<ProcessHandle> tree = new ArrayList<>();
		ProcessHandle.of(pid).ifPresent((p) -> {
			tree.add(p);
			p.descendants().forEach(tree::add);
		});
		for (ProcessHandle process : tree) {
			try {
				for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
					if (line.startsWith("VmRSS:")) {
						total += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// the process ended meanwhile
			}
		}
		return total;
	}

}
