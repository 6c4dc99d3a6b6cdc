package org.pbiexport.render;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.WebSocketRoute;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a rendered page to what it may reach (docs/security-rendering.md). A report page
 * is someone else's code running on our network: without this, a page on an allowed host
 * could redirect the browser to an internal page or the app's own actuator and the export
 * would return what it saw. The page itself may only be on an allowed host or the app's
 * own demo and host pages; its requests, frames and sockets may not reach loopback,
 * private, link-local or metadata addresses, nor the app itself beyond those pages,
 * unless the allowlist names the host. Shared by all render threads; each render gets a
 * {@link Guard}.
 */
final class RenderIsolation {

	private static final Logger log = LoggerFactory.getLogger(RenderIsolation.class);

	/** The app's pages a rendered page legitimately loads from the app itself. */
	private static final List<String> OWN_STATIC = List.of("/demo/", "/powerbi/");

	private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(2);

	/** Chromium's own limit of redirects in a row. */
	private static final int MAX_REDIRECTS = 20;

	private final RenderProperties properties;

	private final Supplier<RenderAllowlist> allowlist;

	private final MeterRegistry meters;

	private final Set<Integer> ownPorts = new CopyOnWriteArraySet<>();

	private volatile String contextPath = "";

	private final Cache<String, List<InetAddress>> resolved = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(30))
		.maximumSize(1_000)
		.build();

	private final ExecutorService resolver = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "render-resolve");
		thread.setDaemon(true);
		return thread;
	});

	RenderIsolation(RenderProperties properties, Supplier<RenderAllowlist> allowlist, MeterRegistry meters) {
		this.properties = properties;
		this.allowlist = allowlist;
		this.meters = meters;
	}

	/**
	 * A port the app itself listens on: its pages there are refused but for OWN_STATIC.
	 */
	void ownPort(int port, String contextPath) {
		this.ownPorts.add(port);
		if (contextPath != null) {
			this.contextPath = contextPath.endsWith("/") ? contextPath.substring(0, contextPath.length() - 1)
					: contextPath;
		}
	}

	void close() {
		this.resolver.shutdownNow();
	}

	/**
	 * Adds the rules to a fresh context. Call after every other route of the context was
	 * registered: Playwright runs the last registered handler first, so these decide
	 * before anything else and pass what they allow on with {@code fallback()}.
	 * @param signInOrigin the origin the render signs in to, whose page the browser must
	 * load itself (its challenge is answered by the browser), or null
	 */
	Guard guard(BrowserContext context, String signInOrigin) {
		Guard guard = new Guard(signInOrigin);
		context.route((url) -> true, guard::route);
		context.routeWebSocket((url) -> !decide(url, false).allowed(), guard::refuseSocket);
		return guard;
	}

	/** What the rules say about one address. */
	record Verdict(boolean allowed, boolean own, String host, String reason) {

		static Verdict allow(String host, boolean own) {
			return new Verdict(true, own, host, null);
		}

		static Verdict refuse(String host, String reason) {
			return new Verdict(false, false, host, reason);
		}

	}

	Verdict decide(String url, boolean page) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			return Verdict.refuse("(not an address)", "not an address");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!List.of("http", "https", "ws", "wss").contains(scheme)) {
			// data: and blob: never leave the browser; as the page they are refused.
			return (page || !List.of("data", "blob").contains(scheme))
					? Verdict.refuse(scheme + ":", "the " + scheme + ": scheme") : Verdict.allow(scheme + ":", false);
		}
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (host.isEmpty()) {
			return Verdict.refuse("(no host)", "no host");
		}
		int port = (uri.getPort() >= 0) ? uri.getPort() : (scheme.endsWith("s") ? 443 : 80);
		String shown = (uri.getPort() >= 0) ? host + ":" + port : host;
		List<InetAddress> addresses = resolve(host);
		boolean local = addresses.stream().anyMatch(RenderIsolation::isThisMachine);
		if (local && this.ownPorts.contains(port)) {
			return ownStatic(uri) ? Verdict.allow(shown, true)
					: Verdict.refuse(shown, "the app's own " + uri.getRawPath());
		}
		if (this.allowlist.get().allows(host, port)) {
			return Verdict.allow(shown, false);
		}
		boolean signIn = this.properties.signInHosts().stream().anyMatch(host::equalsIgnoreCase);
		if (page) {
			return Verdict.refuse(shown, signIn ? "sign-in" : "not on the allowlist");
		}
		if (signIn) {
			return Verdict.allow(shown, false);
		}
		if (addresses.isEmpty()) {
			return Verdict.refuse(shown, "its address could not be resolved in time");
		}
		return addresses.stream().anyMatch(RenderIsolation::isInternal) ? Verdict.refuse(shown, "an internal address")
				: Verdict.allow(shown, false);
	}

	private boolean ownStatic(URI uri) {
		String raw = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		String lower = raw.toLowerCase(Locale.ROOT);
		if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || raw.contains(";")
				|| raw.contains("\\") || !raw.equals(uri.normalize().getRawPath())
				|| !raw.startsWith(this.contextPath + "/")) {
			return false;
		}
		String path = raw.substring(this.contextPath.length());
		return OWN_STATIC.stream().anyMatch(path::startsWith);
	}

	/**
	 * The host's addresses, or none when they could not be learnt within the timeout: the
	 * JDK's resolver blocks, so it runs on its own threads and is waited for with a
	 * limit.
	 */
	private List<InetAddress> resolve(String host) {
		if (host.equals("localhost") || host.endsWith(".localhost")) {
			return List.of(InetAddress.getLoopbackAddress());
		}
		List<InetAddress> known = this.resolved.getIfPresent(host);
		if (known != null) {
			return known;
		}
		Future<List<InetAddress>> lookup = this.resolver.submit(() -> List.of(InetAddress.getAllByName(host)));
		try {
			List<InetAddress> addresses = lookup.get(RESOLVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			this.resolved.put(host, addresses);
			return addresses;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownHostException) {
				this.resolved.put(host, List.of());
			}
			return List.of();
		}
		catch (TimeoutException ex) {
			lookup.cancel(true);
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of();
		}
	}

	/** Loopback, private, link-local (cloud metadata), unique-local or unspecified. */
	static boolean isInternal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (bytes.length == 16) {
			// fc00::/7
			return (bytes[0] & 0xfe) == 0xfc;
		}
		// 0.0.0.0/8 and the carrier-grade NAT range 100.64.0.0/10
		return bytes[0] == 0 || ((bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64);
	}

	private static boolean isThisMachine(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
			return true;
		}
		try {
			return NetworkInterface.getByInetAddress(address) != null;
		}
		catch (SocketException ex) {
			return false;
		}
	}

	/**
	 * The rules for one render's context, used on the render thread that owns it (where
	 * Playwright calls its handlers). Remembers what was refused: a refused page fails
	 * the render, refused requests are counted and logged once when the render ends.
	 */
	final class Guard {

		private final String signInOrigin;

		private final Map<String, Integer> refused = new TreeMap<>();

		private volatile Page page;

		private volatile String refusedPage;

		private Guard(String signInOrigin) {
			this.signInOrigin = signInOrigin;
		}

		/** The render's page: other pages (popups) are closed and get nothing. */
		void watch(Page page) {
			this.page = page;
			page.onPopup((popup) -> {
				record("popup", host(popup.url()));
				try {
					popup.close();
				}
				catch (PlaywrightException ex) {
					// already gone
				}
			});
			page.onFrameNavigated((frame) -> {
				if (frame == page.mainFrame()) {
					String url = frame.url();
					String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT)
							: "";
					if (!List.of("http", "https", "about", "chrome-error").contains(scheme)) {
						refusePage(scheme + ":", "the " + scheme + ": scheme");
					}
				}
			});
		}

		/**
		 * Fails the render when its page tried to go somewhere it may not: whatever it
		 * shows then is not the report.
		 */
		void check() {
			String message = this.refusedPage;
			if (message != null) {
				throw new RenderFailed(message);
			}
		}

		/** Logs what was refused, once, when the render is over. */
		void summarise(String jobUrl) {
			synchronized (this.refused) {
				if (!this.refused.isEmpty()) {
					log.warn("Render of a page on {} had requests refused by the isolation rules: {}", host(jobUrl),
							this.refused);
				}
			}
		}

		/** How many requests were refused, by kind and host. */
		Map<String, Integer> refused() {
			synchronized (this.refused) {
				return Map.copyOf(this.refused);
			}
		}

		private void route(Route route) {
			Request request = route.request();
			Frame frame = frameOf(request);
			Page page = this.page;
			if (page != null && frame != null && frame.page() != page) {
				abort(route);
				record("popup", host(request.url()));
				return;
			}
			boolean mainFrame = request.isNavigationRequest() && frame != null && frame.parentFrame() == null;
			Verdict verdict = decide(request.url(), mainFrame);
			if (!verdict.allowed()) {
				abort(route);
				if (mainFrame) {
					refusePage(verdict.host(), verdict.reason());
				}
				else {
					record("subresource", verdict.host());
				}
				return;
			}
			if (mainFrame && !verdict.own() && !sameOrigin(request.url(), this.signInOrigin)) {
				fetchChecked(route);
				return;
			}
			route.fallback();
		}

		/**
		 * A page's own address is fetched here, one hop at a time, each hop checked
		 * before it is requested: Playwright does not route the hops of a redirect, so a
		 * redirect the browser followed itself could reach any host. The browser gets the
		 * last answer (under the first address).
		 */
		private void fetchChecked(Route route) {
			String url = route.request().url();
			Route.FetchOptions options = new Route.FetchOptions().setMaxRedirects(0);
			for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
				APIResponse response;
				try {
					response = route.fetch(options);
				}
				catch (PlaywrightException ex) {
					abort(route);
					return;
				}
				String location = response.headers().get("location");
				if (response.status() < 300 || response.status() >= 400 || location == null) {
					route.fulfill(new Route.FulfillOptions().setResponse(response));
					return;
				}
				try {
					url = URI.create(url).resolve(location.trim()).toString();
				}
				catch (IllegalArgumentException ex) {
					url = location;
				}
				Verdict verdict = decide(url, true);
				if (!verdict.allowed()) {
					abort(route);
					refusePage(verdict.host(), verdict.reason());
					return;
				}
				options = new Route.FetchOptions().setMaxRedirects(0).setUrl(url);
				if (response.status() != 307 && response.status() != 308) {
					options.setMethod("GET").setPostData(new byte[0]);
				}
			}
			abort(route);
			refusePage(host(url), "too many redirects");
		}

		private void refuseSocket(WebSocketRoute socket) {
			record("websocket", host(socket.url()));
			socket.close(new WebSocketRoute.CloseOptions().setCode(1008).setReason("refused"));
		}

		private void refusePage(String host, String reason) {
			record("navigation", host);
			if (this.refusedPage == null) {
				this.refusedPage = "sign-in".equals(reason)
						? "Power BI asked for a sign-in (" + host + ") instead of showing the report. An unattended "
								+ "export cannot sign in as a person: use render mode `embedded` with a service "
								+ "principal credential."
						: "The report page tried to go to " + host + " (" + reason + "), which a rendered page may "
								+ "not open; nothing was captured.";
			}
		}

		private void record(String kind, String host) {
			Counter.builder("pbi_export_render_refused_requests")
				.description("requests of rendered pages refused by the isolation rules")
				.tag("kind", kind)
				.register(RenderIsolation.this.meters)
				.increment();
			synchronized (this.refused) {
				this.refused.merge(kind + " " + host, 1, Integer::sum);
			}
		}

	}

	private static Frame frameOf(Request request) {
		try {
			return request.frame();
		}
		catch (PlaywrightException ex) {
			// a worker's request
			return null;
		}
	}

	private static void abort(Route route) {
		try {
			route.abort("blockedbyclient");
		}
		catch (PlaywrightException ex) {
			// the render is over
		}
	}

	private static boolean sameOrigin(String url, String origin) {
		if (origin == null) {
			return false;
		}
		try {
			return origin.equals(BrowserSession.origin(url));
		}
		catch (RenderFailed ex) {
			return false;
		}
	}

	private static String host(String url) {
		try {
			URI uri = URI.create(url);
			if (uri.getHost() == null) {
				return (uri.getScheme() != null) ? uri.getScheme() + ":" : "(none)";
			}
			return uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
		}
		catch (IllegalArgumentException ex) {
			return "(not an address)";
		}
	}

}
