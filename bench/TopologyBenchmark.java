import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitUntilState;

/**
 * Which browser topology captures a real-shaped report page fastest (issue 12): bare
 * Playwright, no pbi-export, a fresh context per capture and a page-aware wait (no request
 * in flight and the DOM unchanged for 500 ms, the page loaded and no spinner, as the app's
 * fallback readiness rules), then a PNG screenshot. Side by side in one run:
 * <ul>
 * <li>(a) a browser per thread: each client thread with its own Playwright and its own
 * Chromium (pbi-export's design of docs/adr/0003);
 * <li>(b) one shared Chromium started by this benchmark with a DevTools port, each client
 * thread with its own Playwright attached to it over CDP;
 * <li>(c) one shared Chromium behind Playwright's browser server ({@code launchServer}, run by
 * the Node.js Playwright for Java ships), each client thread with its own Playwright attached
 * with {@code connect}: pbi-export's design of docs/adr/0004;
 * <li>(d) one thread, one Playwright, one browser, multiplexing the clients' pages
 * round-robin: start every capture, poll each page's readiness in turn, capture the ready
 * ones.
 * </ul>
 * Each at 8 clients (throughput, p50, p95, peak RSS of this JVM's process tree) and at 1
 * client (p50). Run alone against a running app:
 * {@code java -cp target/bench-classes:... TopologyBenchmark http://127.0.0.1:18555}; bench/run
 * runs it inside ExportBenchmark, whose floor is one of these.
 */
public class TopologyBenchmark {

	/** One slow query (1.4 s), four layers drawn 150 ms apart, no completion signal. */
	static final String REAL_SHAPED = "delay_ms=1400&layers=4&draw_ms=150&signal=false";

	static final long SETTLE_MS = 500;

	static final long POLL_MS = 40;

	static final long BUDGET_MS = 120_000;

	static final List<String> LOADING = List.of(".spinner", ".loading", "[aria-busy=true]", ".powerbi-spinner",
			".circle-spinner");

	/** As the app's render sessions: the time of the last DOM change, before the page's scripts run. */
	static final String MUTATION_WATCH = """
			window.__pbiLastMutation = performance.now();
			new MutationObserver(() => { window.__pbiLastMutation = performance.now(); })
			  .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
			""";

	static final String STATE = """
			(loading) => ({
			  quietMs: performance.now() - (window.__pbiLastMutation || 0),
			  complete: document.readyState === 'complete',
			  loading: loading.some((s) => document.querySelector(s) !== null)
			})""";

	static final Map<String, String> LABELS = Map.of("a", "(a) browser per thread", "b",
			"(b) 1 shared Chromium, 8 Playwrights over CDP", "c", "(c) 1 shared Chromium via Playwright's browser server, 8 Playwrights (pbi-export, ADR 0004)",
			"d", "(d) 1 thread multiplexing 8 pages in 1 browser");

	public static void main(String[] args) throws Exception {
		String url = args[0] + "/demo/report?" + REAL_SHAPED;
		Map<String, Measurements.Result[]> results = compare(url, System.getProperty("bench.topologies", "abcd"), 8);
		print(results, 8);
	}

	/**
	 * Runs each topology named in {@code which} (letters a to d): opened, warmed (one
	 * capture per client), then 1 client and {@code clients} clients, then closed.
	 * @return per topology letter, the 1-client and the many-client result
	 */
	static Map<String, Measurements.Result[]> compare(String url, String which, int clients) throws Exception {
		int oneClient = Integer.getInteger("bench.oneClient", 5);
		int perClient = Integer.getInteger("bench.perClient", 3);
		Map<String, Measurements.Result[]> results = new LinkedHashMap<>();
		for (char letter : which.toCharArray()) {
			try (Topology topology = open(String.valueOf(letter), clients)) {
				topology.warm(url);
				Measurements.Result one = topology.run(1, oneClient, url);
				Measurements.Result many = topology.run(clients, clients * perClient, url);
				results.put(String.valueOf(letter), new Measurements.Result[] { one, many });
			}
		}
		return results;
	}

	static void print(Map<String, Measurements.Result[]> results, int clients) {
		System.out.println("| topology | " + clients + " clients: captures | captures/s | p50 ms | p95 ms | p95/p50 "
				+ "| peak RSS MiB, JVM + browsers | peak RSS MiB, browsers + drivers | 1 client: p50 ms |");
		System.out.println("|---|---|---|---|---|---|---|---|---|");
		results.forEach((letter, r) -> System.out.printf("| %s | %d | %.2f | %.0f | %.0f | %.2f | %d | %d | %.0f |%n",
				LABELS.get(letter), r[1].count(), r[1].throughput(), r[1].p50(), r[1].p95(), r[1].spread(),
				r[1].peakRssMib(), r[1].peakRenderRssMib(), r[0].p50()));
		results.entrySet()
			.stream()
			.max(Comparator.comparingDouble((e) -> e.getValue()[1].throughput()))
			.ifPresent((e) -> System.out.printf("%nHighest throughput at %d clients: %s.%n", clients,
					LABELS.get(e.getKey())));
	}

	static Topology open(String letter, int clients) throws Exception {
		return switch (letter) {
			case "a" -> Lanes.open(clients, List.of(), (playwright, t) -> playwright.chromium()
				.launch(ExportBenchmark.launch()));
			case "c" -> {
				BrowserServer server = BrowserServer.start();
				yield Lanes.open(clients, List.of(server), (playwright, t) -> playwright.chromium()
					.connect(server.endpoint()));
			}
			case "b" -> {
				int browsers = 1;
				List<SharedChromium> shared = new ArrayList<>();
				try {
					for (int k = 0; k < browsers; k++) {
						shared.add(SharedChromium.start());
					}
				}
				catch (Exception ex) {
					for (SharedChromium chromium : shared) {
						chromium.close();
					}
					throw ex;
				}
				yield Lanes.open(clients, shared, (playwright, t) -> playwright.chromium()
					.connectOverCDP(shared.get(t * browsers / clients).endpoint()));
			}
			case "d" -> new Multiplexed(clients);
			default -> throw new IllegalArgumentException("no topology " + letter);
		};
	}

	/** A width per capture, so that no two captures in a row are alike. */
	static int width(int i) {
		return 1280 - (i % 200);
	}

	/** A browser arrangement for up to a number of clients at once. */
	interface Topology extends AutoCloseable {

		/** One capture per client, not measured: browsers started, pages cached, JIT warm. */
		void warm(String url) throws Exception;

		/** n captures by c clients, closed loop, measured. */
		Measurements.Result run(int c, int n, String url) throws Exception;

		@Override
		void close() throws Exception;

	}

	interface BrowserFor {

		Browser open(Playwright playwright, int lane);

	}

	/**
	 * (a), (b), (c): a lane per client, each a thread of its own with its own Playwright,
	 * which only that thread ever calls (Playwright's threading rule).
	 */
	static final class Lanes implements Topology {

		private final List<Lane> lanes;

		private final List<? extends AutoCloseable> shared;

		private Lanes(List<Lane> lanes, List<? extends AutoCloseable> shared) {
			this.lanes = lanes;
			this.shared = shared;
		}

		static Lanes open(int clients, List<? extends AutoCloseable> shared, BrowserFor browsers)
				throws Exception {
			List<Lane> lanes = new ArrayList<>();
			for (int t = 0; t < clients; t++) {
				int lane = t;
				lanes.add(new Lane((playwright) -> browsers.open(playwright, lane)));
			}
			Lanes opened = new Lanes(lanes, shared);
			try {
				for (Lane lane : lanes) {
					lane.opened();
				}
			}
			catch (Exception ex) {
				opened.close();
				throw ex;
			}
			return opened;
		}

		@Override
		public void warm(String url) throws Exception {
			ExecutorService clients = Executors.newFixedThreadPool(this.lanes.size());
			try {
				List<Future<Object>> warming = new ArrayList<>();
				for (int t = 0; t < this.lanes.size(); t++) {
					Lane lane = this.lanes.get(t);
					int width = 1000 + t;
					warming.add(clients.submit(() -> lane.capture(url, width)));
				}
				for (Future<Object> w : warming) {
					w.get();
				}
			}
			finally {
				clients.shutdownNow();
			}
		}

		@Override
		public Measurements.Result run(int c, int n, String url) throws Exception {
			return Measurements.measure(c, n, ProcessHandle.current().pid(),
					(client, i) -> this.lanes.get(client).capture(url, width(i)));
		}

		@Override
		public void close() throws Exception {
			for (Lane lane : this.lanes) {
				lane.close();
			}
			for (AutoCloseable chromium : this.shared) {
				chromium.close();
			}
		}

	}

	/** One thread with its own Playwright and browser; everything on it runs on that thread. */
	static final class Lane implements AutoCloseable {

		private final ExecutorService thread = Executors.newSingleThreadExecutor();

		private final Future<?> opening;

		private Playwright playwright;

		private Browser browser;

		Lane(Function<Playwright, Browser> browser) {
			this.opening = this.thread.submit(() -> {
				this.playwright = Playwright.create(
						new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
				this.browser = browser.apply(this.playwright);
				return null;
			});
		}

		void opened() throws Exception {
			this.opening.get();
		}

		<T> T on(Callable<T> work) {
			try {
				return this.thread.submit(work).get();
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException(ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		Object capture(String url, int width) {
			return on(() -> Capture.await(this.browser, url, width));
		}

		Browser browser() {
			return this.browser;
		}

		@Override
		public void close() {
			try {
				on(() -> {
					if (this.playwright != null) {
						this.playwright.close();
					}
					return null;
				});
			}
			finally {
				this.thread.shutdownNow();
			}
		}

	}

	/**
	 * (d) One thread, one Playwright, one browser: the clients' captures are pages of that
	 * browser, started together and polled in turn; the ready ones are captured at once and
	 * their slot starts the next capture.
	 */
	static final class Multiplexed implements Topology {

		private final Lane lane;

		private final int slots;

		Multiplexed(int slots) throws Exception {
			this.slots = slots;
			this.lane = new Lane((playwright) -> playwright.chromium().launch(ExportBenchmark.launch()));
			this.lane.opened();
		}

		@Override
		public void warm(String url) throws Exception {
			run(this.slots, this.slots, url);
		}

		@Override
		public Measurements.Result run(int c, int n, String url) throws Exception {
			Measurements.PeakRss rss = Measurements.PeakRss.start(ProcessHandle.current().pid());
			long started = System.nanoTime();
			List<Double> latencies;
			try {
				latencies = this.lane.on(() -> roundRobin(this.lane.browser(), c, n, url));
			}
			finally {
				rss.stop();
			}
			return Measurements.result(latencies, (System.nanoTime() - started) / 1e9, rss);
		}

		private static List<Double> roundRobin(Browser browser, int slots, int n, String url) {
			Capture[] active = new Capture[slots];
			List<Double> latencies = new ArrayList<>();
			int started = 0;
			try {
				while (latencies.size() < n) {
					long round = System.nanoTime();
					Page waitOn = null;
					for (int s = 0; s < slots; s++) {
						if (active[s] != null && active[s].ready()) {
							latencies.add(active[s].finish());
							active[s] = null;
						}
						if (active[s] == null && started < n) {
							active[s] = Capture.start(browser, url, width(started++));
						}
						if (active[s] != null && waitOn == null) {
							waitOn = active[s].page;
						}
					}
					long left = POLL_MS - (System.nanoTime() - round) / 1_000_000;
					if (waitOn != null && left > 0) {
						// A Playwright call, not a sleep: it lets the pages' events arrive.
						waitOn.waitForTimeout(left);
					}
				}
				return latencies;
			}
			finally {
				for (Capture capture : active) {
					if (capture != null) {
						capture.abandon();
					}
				}
			}
		}

		@Override
		public void close() {
			this.lane.close();
		}

	}

	/**
	 * One capture: a fresh context of the width asked, the page's requests counted,
	 * navigation to the first response, then the page-aware wait and a PNG screenshot.
	 */
	static final class Capture {

		private final long started = System.nanoTime();

		private final BrowserContext context;

		private final Page page;

		private int inFlight;

		private long lastNetwork = System.nanoTime();

		private Capture(Browser browser, String url, int width) {
			this.context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, 720));
			try {
				this.context.addInitScript(MUTATION_WATCH);
				this.page = this.context.newPage();
				this.page.onRequest((request) -> network(1));
				this.page.onRequestFinished((request) -> network(-1));
				this.page.onRequestFailed((request) -> network(-1));
				this.page.navigate(url, new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT));
			}
			catch (RuntimeException ex) {
				this.context.close();
				throw ex;
			}
		}

		static Capture start(Browser browser, String url, int width) {
			return new Capture(browser, url, width);
		}

		/** A whole capture on the calling thread; its latency in milliseconds. */
		static double await(Browser browser, String url, int width) {
			Capture capture = start(browser, url, width);
			while (!capture.ready()) {
				capture.page.waitForTimeout(POLL_MS);
			}
			return capture.finish();
		}

		private void network(int delta) {
			this.inFlight = Math.max(0, this.inFlight + delta);
			this.lastNetwork = System.nanoTime();
		}

		@SuppressWarnings("unchecked")
		boolean ready() {
			try {
				if (millisSince(this.started) > BUDGET_MS) {
					throw new IllegalStateException("the page was not ready within " + BUDGET_MS + " ms");
				}
				Map<String, Object> state = (Map<String, Object>) this.page.evaluate(STATE, LOADING);
				return this.inFlight == 0 && millisSince(this.lastNetwork) >= SETTLE_MS
						&& ((Number) state.get("quietMs")).doubleValue() >= SETTLE_MS
						&& Boolean.TRUE.equals(state.get("complete")) && !Boolean.TRUE.equals(state.get("loading"));
			}
			catch (RuntimeException ex) {
				abandon();
				throw ex;
			}
		}

		/** Takes the screenshot and closes the context; the latency in milliseconds. */
		double finish() {
			try {
				this.page.screenshot();
			}
			finally {
				this.context.close();
			}
			return millisSince(this.started);
		}

		void abandon() {
			try {
				this.context.close();
			}
			catch (RuntimeException ex) {
				// already gone
			}
		}

		private static double millisSince(long nanos) {
			return (System.nanoTime() - nanos) / 1e6;
		}

	}

	/**
	 * A Chromium started by this benchmark with a DevTools port, for Playwrights to attach
	 * to over CDP; its DevTools address read from its stderr.
	 */
	static final class SharedChromium implements AutoCloseable {

		private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

		private final Process process;

		private final Path profile;

		private final String endpoint;

		private SharedChromium(Process process, Path profile, String endpoint) {
			this.process = process;
			this.profile = profile;
			this.endpoint = endpoint;
		}

		static SharedChromium start() throws IOException, InterruptedException {
			Path profile = Files.createTempDirectory("bench-chromium");
			List<String> command = new ArrayList<>(List.of(ExportBenchmark.CHROMIUM.toString(), "--headless",
					"--remote-debugging-port=0", "--user-data-dir=" + profile));
			command.addAll(ExportBenchmark.ARGS);
			command.add("about:blank");
			Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
			CompletableFuture<String> endpoint = new CompletableFuture<>();
			Thread reader = new Thread(() -> {
				try (BufferedReader err = new BufferedReader(
						new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = err.readLine()) != null) {
						Matcher listening = LISTENING.matcher(line);
						if (listening.find()) {
							endpoint.complete(listening.group(1));
						}
						// Read to the end, so that Chromium never blocks on a full pipe.
					}
				}
				catch (IOException ex) {
					// Chromium ended
				}
				endpoint.completeExceptionally(new IllegalStateException("Chromium ended without a DevTools port"));
			}, "chromium-stderr");
			reader.setDaemon(true);
			reader.start();
			try {
				return new SharedChromium(process, profile, endpoint.get(30, TimeUnit.SECONDS));
			}
			catch (Exception ex) {
				process.destroyForcibly();
				throw new IllegalStateException("Chromium did not report its DevTools address", ex);
			}
		}

		String endpoint() {
			return this.endpoint;
		}

		@Override
		public void close() throws Exception {
			List<ProcessHandle> children = this.process.descendants().toList();
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			children.forEach(ProcessHandle::destroyForcibly);
			try (var files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException | RuntimeException ex) {
				// a file went away meanwhile; the rest is a temporary directory
			}
		}

	}

	/**
	 * Playwright's browser server with one Chromium, started the way pbi-export starts it:
	 * {@code chromium.launchServer()} in the Node.js that Playwright for Java ships.
	 */
	static final class BrowserServer implements AutoCloseable {

		private static final String SCRIPT = """
				const options = JSON.parse(process.argv[process.argv.length - 1]);
				require(process.env.BENCH_PLAYWRIGHT_PACKAGE).chromium.launchServer(options).then((server) => {
				  process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
				  process.stdin.resume();
				  console.log('endpoint ' + server.wsEndpoint());
				});
				""";

		private final Process process;

		private final String endpoint;

		private BrowserServer(Process process, String endpoint) {
			this.process = process;
			this.endpoint = endpoint;
		}

		static BrowserServer start() throws IOException {
			Map<String, String> env = Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
			com.microsoft.playwright.impl.driver.Driver driver = com.microsoft.playwright.impl.driver.Driver
				.ensureDriverInstalled(env, false);
			ProcessBuilder builder = driver.createProcessBuilder();
			StringBuilder args = new StringBuilder();
			for (String arg : ExportBenchmark.ARGS) {
				args.append(args.length() > 0 ? "," : "").append('"').append(arg).append('"');
			}
			String options = "{\"executablePath\":\"" + ExportBenchmark.CHROMIUM + "\",\"headless\":true,\"args\":["
					+ args + "]}";
			builder.command(List.of(builder.command().get(0), "-e", SCRIPT, "--", options));
			builder.environment().putAll(env);
			builder.environment().put("BENCH_PLAYWRIGHT_PACKAGE", driver.driverDir().resolve("package").toString());
			builder.redirectErrorStream(true);
			Process process = builder.start();
			BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line = out.readLine();
			if (line == null || !line.startsWith("endpoint ")) {
				process.destroyForcibly();
				throw new IllegalStateException("the browser server did not start: " + line);
			}
			Thread drain = new Thread(() -> {
				try {
					while (out.readLine() != null) {
						// read to the end, so that the server never blocks on a full pipe
					}
				}
				catch (IOException ex) {
					// ended
				}
			});
			drain.setDaemon(true);
			drain.start();
			return new BrowserServer(process, line.substring("endpoint ".length()).trim());
		}

		String endpoint() {
			return this.endpoint;
		}

		@Override
		public void close() throws Exception {
			List<ProcessHandle> children = this.process.descendants().toList();
			this.process.getOutputStream().close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			children.forEach(ProcessHandle::destroyForcibly);
		}

	}

}
