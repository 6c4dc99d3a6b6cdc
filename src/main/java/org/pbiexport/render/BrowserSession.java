package org.pbiexport.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.WaitUntilState;

/**
 * One Playwright connection with one Chromium, used by exactly one render thread:
 * Playwright's objects are not thread-safe, so nothing here is shared (docs/adr/0003).
 * Each render gets a fresh browser context that is closed whatever happens. Renders go
 * through named steps: context, navigate, wait, capture.
 */
final class BrowserSession implements AutoCloseable {

	static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
			"--hide-scrollbars", "--font-render-hinting=none");

	/**
	 * Records the time of the last DOM change, before any of the page's own scripts run.
	 */
	private static final String MUTATION_WATCH = """
			window.__pbiLastMutation = performance.now();
			new MutationObserver(() => { window.__pbiLastMutation = performance.now(); })
			  .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
			""";

	/** The page's state for the readiness rules, read in one round trip. */
	private static final String STATE = """
			([signal, readySelector, loading, errors]) => {
			  let signalled = null;
			  try { signalled = signal ? (0, eval)(signal) : null; } catch (e) { signalled = null; }
			  const error = errors.map(s => document.querySelector(s)).find(e => e);
			  return {
			    signal: signalled ? String(signalled) : null,
			    ready: !readySelector || document.querySelector(readySelector) !== null,
			    loading: loading.some(s => document.querySelector(s) !== null),
			    error: error ? (error.innerText || 'an error').trim().slice(0, 300) : null,
			    quietMs: performance.now() - (window.__pbiLastMutation || 0),
			    complete: document.readyState === 'complete'
			  };
			}""";

	private static final long POLL_MS = 40;

	private final RenderProperties properties;

	private final AtomicInteger openContexts;

	private final Phases phases;

	private final Playwright playwright;

	private final Browser browser;

	private int renders;

	BrowserSession(RenderProperties properties, AtomicInteger openContexts, Phases phases) {
		this.properties = properties;
		this.openContexts = openContexts;
		this.phases = phases;
		this.playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		try {
			this.browser = this.playwright.chromium()
				.launch(new BrowserType.LaunchOptions().setExecutablePath(properties.chromiumPath())
					.setHeadless(true)
					.setArgs(CHROMIUM_ARGS));
		}
		catch (RuntimeException ex) {
			this.playwright.close();
			throw ex;
		}
	}

	/** Whether this session can take another render, or should be replaced. */
	boolean healthy() {
		return this.browser.isConnected() && this.renders < this.properties.rendersPerBrowser();
	}

	/** The browser's process, for tests that kill it. */
	Browser browser() {
		return this.browser;
	}

	RenderResult render(RenderJob job) {
		Instant started = Instant.now();
		this.renders++;
		BrowserContext context = this.phases.time("context",
				() -> this.browser.newContext(new Browser.NewContextOptions().setViewportSize(job.width(), job.height())
					.setDeviceScaleFactor(job.scale())
					.setJavaScriptEnabled(true)));
		this.openContexts.incrementAndGet();
		try {
			context.addInitScript(MUTATION_WATCH);
			Page page = context.newPage();
			NetworkWatch network = new NetworkWatch(page);
			this.phases.time("navigate", () -> {
				navigate(page, job);
				return page;
			});
			String rule = this.phases.time("ready", () -> waitUntilReady(page, job, network));
			byte[] bytes = this.phases.time("capture", () -> capture(page, job));
			return new RenderResult(bytes, rule, Duration.between(started, Instant.now()));
		}
		finally {
			try {
				context.close();
			}
			catch (PlaywrightException ex) {
				// the browser is gone; the context went with it
			}
			this.openContexts.decrementAndGet();
		}
	}

	private static void navigate(Page page, RenderJob job) {
		page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));
		page.navigate(job.url(), new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT)
			.setTimeout(Math.max(1, remaining(job).toMillis())));
	}

	@SuppressWarnings("unchecked")
	private String waitUntilReady(Page page, RenderJob job, NetworkWatch network) {
		Readiness readiness = job.readiness();
		long settle = readiness.settle().toMillis();
		while (true) {
			if (remaining(job).isNegative() || remaining(job).isZero()) {
				throw new RenderTimedOut(
						"The report did not finish drawing within its time budget (" + describe(page, network) + ").");
			}
			signInGuard(page);
			Map<String, Object> state = (Map<String, Object>) page.evaluate(STATE,
					List.of(nullToEmpty(readiness.signal()), nullToEmpty(readiness.readySelector()),
							this.properties.loadingSelectors(), this.properties.errorSelectors()));
			if (state.get("error") != null) {
				throw new RenderFailed("The report showed an error instead of its visuals: " + state.get("error"));
			}
			boolean ready = Boolean.TRUE.equals(state.get("ready"));
			if ("error".equals(state.get("signal"))) {
				throw new RenderFailed("The report signalled an error instead of finishing.");
			}
			if ("rendered".equals(state.get("signal")) && ready) {
				return "signal";
			}
			boolean quiet = network.inFlight() == 0 && network.quietMillis() >= settle
					&& ((Number) state.get("quietMs")).doubleValue() >= settle;
			if (ready && quiet && Boolean.TRUE.equals(state.get("complete"))
					&& !Boolean.TRUE.equals(state.get("loading"))) {
				return "fallback";
			}
			page.waitForTimeout(Math.min(POLL_MS, Math.max(1, remaining(job).toMillis())));
		}
	}

	private void signInGuard(Page page) {
		String host = URI.create(page.url()).getHost();
		if (host != null && this.properties.signInHosts().stream().anyMatch(host::equalsIgnoreCase)) {
			throw new RenderFailed("Power BI asked for a sign-in (" + host + ") instead of showing the report.");
		}
	}

	private static byte[] capture(Page page, RenderJob job) {
		if (job.output() == RenderJob.Output.PDF) {
			return page.pdf(new Page.PdfOptions().setWidth(job.width() + "px")
				.setHeight(job.height() + "px")
				.setPrintBackground(true)
				.setPageRanges("1"));
		}
		byte[] png = page.screenshot(new Page.ScreenshotOptions().setFullPage(false));
		if (singleColour(png)) {
			throw new RenderFailed("The capture was blank (a single colour): the report drew nothing.");
		}
		return png;
	}

	static boolean singleColour(byte[] png) {
		try {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
			int first = image.getRGB(0, 0);
			for (int y = 0; y < image.getHeight(); y += 2) {
				for (int x = 0; x < image.getWidth(); x += 2) {
					if (image.getRGB(x, y) != first) {
						return false;
					}
				}
			}
			return true;
		}
		catch (IOException ex) {
			throw new RenderFailed("The capture could not be read as an image.");
		}
	}

	private static String describe(Page page, NetworkWatch network) {
		return network.inFlight() + " requests still loading, last seen at " + page.url().replaceAll("\\?.*", "");
	}

	private static Duration remaining(RenderJob job) {
		return Duration.between(Instant.now(), job.deadline());
	}

	private static String nullToEmpty(String text) {
		return (text != null) ? text : "";
	}

	@Override
	public void close() {
		try {
			this.browser.close();
		}
		catch (PlaywrightException ex) {
			// already gone
		}
		this.playwright.close();
	}

	/** Counts the page's requests in flight and when the network was last busy. */
	private static final class NetworkWatch {

		private int inFlight;

		private long lastActivity = System.nanoTime();

		NetworkWatch(Page page) {
			page.onRequest((request) -> change(1));
			page.onRequestFinished((request) -> change(-1));
			page.onRequestFailed((request) -> change(-1));
		}

		private void change(int delta) {
			this.inFlight = Math.max(0, this.inFlight + delta);
			this.lastActivity = System.nanoTime();
		}

		int inFlight() {
			return this.inFlight;
		}

		long quietMillis() {
			return (System.nanoTime() - this.lastActivity) / 1_000_000;
		}

	}

}
