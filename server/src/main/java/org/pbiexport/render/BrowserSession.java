package org.pbiexport.render;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.HttpCredentials;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import org.jspecify.annotations.Nullable;

/**
 * One render thread's Playwright connection to a shared Chromium ({@link BrowserServer}):
 * Playwright's objects are not thread-safe, so each thread has its own connection and
 * sees only its own contexts, while the browser runs once for many threads
 * (docs/adr/0004). Each render gets a fresh browser context that is closed whatever
 * happens, unless it is kept as a warm session ({@link WarmSessions}). Renders go through
 * named steps: context, navigate, wait, capture. A plain address is rendered by
 * {@link UrlRender}; a report embedded through the Power BI SDK by {@link SdkRender}.
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

	static final long POLL_MS = 40;

	private final RenderProperties properties;

	private final AtomicInteger openContexts;

	private final Phases phases;

	private final Playwright playwright;

	private final Browser browser;

	private final BrowserServer server;

	private final Supplier<List<ContextSetup>> setups;

	private final RenderIsolation isolation;

	private final WarmSessions warm;

	/**
	 * Held while this connection's Playwright objects are in use: by this thread for its
	 * renders, or by another one borrowing a warm session ({@link WarmSessions}).
	 */
	private final ReentrantLock lock = new ReentrantLock();

	BrowserSession(RenderProperties properties, AtomicInteger openContexts, Phases phases,
			Supplier<List<ContextSetup>> setups, RenderIsolation isolation, WarmPool warmPool, BrowserServer server) {
		this.properties = properties;
		this.openContexts = openContexts;
		this.phases = phases;
		this.setups = setups;
		this.isolation = isolation;
		this.server = server;
		this.warm = new WarmSessions(warmPool, properties, phases, this::lend);
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
		this.lock.lock();
		try {
			return renderLocked(job);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A render another thread asks for in this thread's warm session of the key, while
	 * this thread is idle: see {@link WarmSessions}.
	 */
	private WarmPool.Served lend(WarmPool.Key key, RenderJob job, Instant started) {
		if (!this.lock.tryLock()) {
			return WarmPool.Served.NOT_HELD;
		}
		try {
			return this.warm.serve(key, job, started);
		}
		finally {
			this.lock.unlock();
		}
	}

	private RenderResult renderLocked(RenderJob job) {
		Instant started = Instant.now();
		if (!started.isBefore(job.deadline())) {
			// No context for a render that could not finish anyway.
			throw new RenderTimedOut("The export's time budget ran out before its render could start.");
		}
		WarmPool.Key key = this.warm.pool().key(job);
		if (key != null) {
			RenderResult reused = this.warm.reuse(key, job, started);
			if (reused != null) {
				return reused;
			}
		}
		return fresh(job, started, key);
	}

	/**
	 * A render in a fresh context, closed afterwards, or, with a warm-session key and
	 * room in the pool, kept loaded as a warm session.
	 */
	private RenderResult fresh(RenderJob job, Instant started, WarmPool.@Nullable Key key) {
		BrowserContext context = this.phases.time("context", () -> this.browser.newContext(contextOptions(job)));
		this.openContexts.incrementAndGet();
		RenderGuard guard = null;
		boolean kept = false;
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
			OpenPage open = new OpenPage(this.properties, this.phases, page, job, network, started, guard);
			RenderResult result;
			if (job.sdk() != null) {
				result = new SdkRender(open).render();
			}
			else {
				result = new UrlRender(open).render();
			}
			guard.check();
			if (key != null) {
				kept = this.warm.keep(new WarmSession(key, context, page, guard, network, job));
			}
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
			if (!kept) {
				try {
					context.close();
				}
				catch (PlaywrightException ex) {
					// the browser is gone; the context went with it
				}
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

	static Duration remaining(RenderJob job) {
		return Duration.between(Instant.now(), job.deadline());
	}

	/**
	 * Closes warm sessions that are too old, used up or of an edited report, unless
	 * another thread is using one of them right now.
	 */
	void sweep() {
		if (this.lock.tryLock()) {
			try {
				this.warm.sweep();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			this.warm.closeAll();
		}
		finally {
			this.lock.unlock();
		}
		try {
			this.browser.close();
		}
		catch (PlaywrightException ex) {
			// already gone
		}
		this.playwright.close();
	}

}
