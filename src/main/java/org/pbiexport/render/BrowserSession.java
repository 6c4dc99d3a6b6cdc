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
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.HttpCredentials;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import com.microsoft.playwright.options.WaitUntilState;

/**
 * One render thread's Playwright connection to a shared Chromium ({@link BrowserServer}):
 * Playwright's objects are not thread-safe, so each thread has its own connection and
 * sees only its own contexts, while the browser runs once for many threads
 * (docs/adr/0004). Each render gets a fresh browser context that is closed whatever
 * happens. Renders go through named steps: context, navigate, wait, capture. A plain
 * address is captured once; a report embedded through the Power BI SDK is rendered by
 * {@link SdkRender}.
 */
final class BrowserSession implements AutoCloseable {

	/** Besides Playwright's own; the sandbox is decided by {@link Sandbox}. */
	static final List<String> CHROMIUM_ARGS = List.of("--disable-gpu", "--disable-dev-shm-usage",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
			"--hide-scrollbars", "--font-render-hinting=none");

	/**
	 * Records the time of the last DOM change, before any of the page's own scripts run.
	 * Added to the context, so it runs in every frame, the SDK's report iframe included.
	 */
	static final String MUTATION_WATCH = """
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

	static final long POLL_MS = 40;

	private final RenderProperties properties;

	private final AtomicInteger openContexts;

	private final Phases phases;

	private final Playwright playwright;

	private final Browser browser;

	private final BrowserServer server;

	private final Supplier<List<ContextSetup>> setups;

	private final RenderIsolation isolation;

	BrowserSession(RenderProperties properties, AtomicInteger openContexts, Phases phases,
			Supplier<List<ContextSetup>> setups, RenderIsolation isolation, BrowserServer server) {
		this.properties = properties;
		this.openContexts = openContexts;
		this.phases = phases;
		this.setups = setups;
		this.isolation = isolation;
		this.server = server;
		this.playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		try {
			this.browser = this.playwright.chromium()
				.connect(server.endpoint(), new BrowserType.ConnectOptions().setTimeout(30_000));
		}
		catch (RuntimeException ex) {
			this.playwright.close();
			throw ex;
		}
	}

	/**
	 * Whether this session can take another render, or should attach anew: its browser
	 * died or was retired.
	 */
	boolean healthy() {
		return this.browser.isConnected() && this.server.alive() && !this.server.retired();
	}

	/** Whether the browser is still there, as opposed to retired. */
	boolean connected() {
		return this.browser.isConnected() && this.server.alive();
	}

	BrowserServer server() {
		return this.server;
	}

	RenderResult render(RenderJob job) {
		Instant started = Instant.now();
		if (!started.isBefore(job.deadline())) {
			// No context for a render that could not finish anyway.
			throw new RenderTimedOut("The export's time budget ran out before its render could start.");
		}
		BrowserContext context = this.phases.time("context", () -> this.browser.newContext(contextOptions(job)));
		this.openContexts.incrementAndGet();
		RenderGuard guard = null;
		try {
			String signInOrigin = null;
			if (job.login() != null) {
				signInOrigin = origin(job.login().origin());
				SignInScope.apply(context, signInOrigin, job);
			}
			for (ContextSetup setup : this.setups.get()) {
				setup.prepare(context);
			}
			// Last, so that its rules run before every other route
			// (docs/security-rendering.md).
			guard = this.isolation.guard(context, signInOrigin);
			context.addInitScript(MUTATION_WATCH);
			Page page = context.newPage();
			guard.watch(page);
			NetworkWatch network = new NetworkWatch(page);
			RenderResult result;
			if (job.sdk() != null) {
				result = new SdkRender(this.properties, this.phases, page, job, network, started, guard).render();
			}
			else {
				RenderGuard pageGuard = guard;
				this.phases.time("navigate", () -> {
					navigate(page, job);
					return page;
				});
				String rule = this.phases.time("ready", () -> waitUntilReady(page, job, network, pageGuard));
				byte[] bytes = this.phases.time("capture", () -> capture(page, job));
				result = new RenderResult(bytes, rule, Duration.between(started, Instant.now()));
			}
			guard.check();
			return result;
		}
		catch (RuntimeException ex) {
			// A page that went where it may not fails as such, whatever else went wrong.
			if (guard != null) {
				guard.check();
			}
			throw ex;
		}
		finally {
			try {
				context.close();
			}
			catch (PlaywrightException ex) {
				// the browser is gone; the context went with it
			}
			this.openContexts.decrementAndGet();
			if (guard != null) {
				guard.summarise(job.url());
			}
		}
	}

	/**
	 * A fresh context of the job's size; with a sign-in, its credentials are answered to
	 * the sign-in's origin only, never to another host the page loads from.
	 */
	private static Browser.NewContextOptions contextOptions(RenderJob job) {
		Browser.NewContextOptions options = new Browser.NewContextOptions().setViewportSize(job.width(), job.height())
			.setDeviceScaleFactor(job.scale())
			.setJavaScriptEnabled(true)
			.setAcceptDownloads(false)
			.setServiceWorkers(ServiceWorkerPolicy.BLOCK);
		RenderJob.HttpLogin login = job.login();
		if (login != null) {
			options.setHttpCredentials(
					new HttpCredentials(login.username(), login.password()).setOrigin(origin(login.origin())));
		}
		return options;
	}

	/** {@code scheme://host[:port]}, as Playwright compares it, from an origin or URL. */
	static String origin(String address) {
		URI uri;
		try {
			uri = URI.create(address.trim());
		}
		catch (IllegalArgumentException ex) {
			uri = URI.create("invalid:");
		}
		if (uri.getScheme() == null || uri.getHost() == null) {
			throw new RenderFailed("The sign-in's origin is not an address: " + address);
		}
		return uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase()
				+ ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
	}

	private static void navigate(Page page, RenderJob job) {
		page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));
		if (job.login() == null) {
			page.navigate(job.url(), new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT)
				.setTimeout(Math.max(1, remaining(job).toMillis())));
			return;
		}
		int[] status = { 0 };
		page.onResponse((response) -> {
			if (response.request().isNavigationRequest() && response.frame() == page.mainFrame()) {
				status[0] = response.status();
			}
		});
		try {
			page.navigate(job.url(), new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT)
				.setTimeout(Math.max(1, remaining(job).toMillis())));
		}
		catch (PlaywrightException ex) {
			refusedSignIn(status[0]);
			throw ex;
		}
		refusedSignIn(status[0]);
	}

	/**
	 * The browser answers a sign-in challenge once; a 401 after that means the server
	 * refused the credentials (an empty 401 even fails the navigation).
	 */
	private static void refusedSignIn(int status) {
		if (status == 401) {
			throw new RenderFailed("The report server refused the sign-in (HTTP 401): check the user name and "
					+ "password of the report's credential.");
		}
	}

	@SuppressWarnings("unchecked")
	private String waitUntilReady(Page page, RenderJob job, NetworkWatch network, RenderGuard guard) {
		Readiness readiness = job.readiness();
		long settle = readiness.settle().toMillis();
		while (true) {
			if (remaining(job).isNegative() || remaining(job).isZero()) {
				throw new RenderTimedOut(
						"The report did not finish drawing within its time budget (" + describe(page, network) + ").");
			}
			guard.check();
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
		signInGuard(page, this.properties);
	}

	/**
	 * Refuses a page any of whose frames went to a sign-in host: Power BI's report iframe
	 * redirects there when it cannot use the token or session it was given.
	 */
	static void signInGuard(Page page, RenderProperties properties) {
		for (Frame frame : page.frames()) {
			String host = host(frame.url());
			if (host != null && properties.signInHosts().stream().anyMatch(host::equalsIgnoreCase)) {
				throw new RenderFailed("Power BI asked for a sign-in (" + host
						+ ") instead of showing the report. An unattended export cannot sign in as a person: "
						+ "use render mode `embedded` with a service principal credential.");
			}
		}
	}

	private static String host(String url) {
		try {
			return URI.create(url).getHost();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] capture(Page page, RenderJob job) {
		if (job.output() == RenderJob.Output.PDF) {
			return page.pdf(new Page.PdfOptions().setWidth(job.width() + "px")
				.setHeight(job.height() + "px")
				.setPrintBackground(true)
				.setPageRanges("1"));
		}
		// With a selector for the report area, the image is that area only, without page
		// chrome.
		String area = job.readiness().readySelector();
		byte[] png = (area != null && !area.isBlank()) ? page.locator(area).first().screenshot()
				: page.screenshot(new Page.ScreenshotOptions().setFullPage(false));
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

	static Duration remaining(RenderJob job) {
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

}
