package org.pbiexport.render;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.WebSocketRoute;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of {@link RenderIsolation} applied to one render's context, on the render
 * thread that owns it (where Playwright calls its handlers): routes each request by the
 * verdict on its address, and fetches a page's own address hop by hop. Remembers what was
 * refused: a refused page fails the render, refused requests are counted and logged once
 * when the render ends.
 */
final class RenderGuard {

	private static final Logger log = LoggerFactory.getLogger(RenderGuard.class);

	/** Chromium's own limit of redirects in a row. */
	private static final int MAX_REDIRECTS = 20;

	private final RenderIsolation isolation;

	private final MeterRegistry meters;

	private final @Nullable String signInOrigin;

	private final Map<String, Integer> refused = new TreeMap<>();

	private volatile Page page;

	private volatile String refusedPage;

	RenderGuard(RenderIsolation isolation, MeterRegistry meters, @Nullable String signInOrigin) {
		this.isolation = isolation;
		this.meters = meters;
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
				String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
				if (!List.of("http", "https", "about", "chrome-error").contains(scheme)) {
					refusePage(scheme + ":", "the " + scheme + ": scheme");
				}
			}
		});
	}

	/**
	 * Fails the render when its page tried to go somewhere it may not: whatever it shows
	 * then is not the report.
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

	void route(Route route) {
		Request request = route.request();
		Frame frame = frameOf(request);
		Page page = this.page;
		if (page != null && frame != null && frame.page() != page) {
			abort(route);
			record("popup", host(request.url()));
			return;
		}
		boolean mainFrame = request.isNavigationRequest() && frame != null && frame.parentFrame() == null;
		RenderIsolation.Verdict verdict = this.isolation.decide(request.url(), mainFrame);
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
	 * A page's own address is fetched here, one hop at a time, each hop checked before it
	 * is requested: Playwright does not route the hops of a redirect, so a redirect the
	 * browser followed itself could reach any host. The browser gets the last answer
	 * (under the first address).
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
			RenderIsolation.Verdict verdict = this.isolation.decide(url, true);
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

	void refuseSocket(WebSocketRoute socket) {
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
			.register(this.meters)
			.increment();
		synchronized (this.refused) {
			this.refused.merge(kind + " " + host, 1, Integer::sum);
		}
	}

	private static @Nullable Frame frameOf(Request request) {
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

	private static boolean sameOrigin(String url, @Nullable String origin) {
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
