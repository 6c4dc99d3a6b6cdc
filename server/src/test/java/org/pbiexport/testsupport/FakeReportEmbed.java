package org.pbiexport.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Route;
import org.jspecify.annotations.Nullable;
import org.pbiexport.render.ContextSetup;

import tools.jackson.databind.json.JsonMapper;

/**
 * A fake Power BI report for render tests, no tenant needed: in every browser context the
 * render pool opens, {@code https://app.powerbi.com/reportEmbed…} is answered with a
 * local page (so its origin is app.powerbi.com and the real SDK's host check passes) that
 * speaks the SDK's postMessage protocol
 * (src/test/resources/powerbi-standin/report-embed.js), {@code login.microsoftonline.com}
 * with a small "Sign in" page, 127.0.0.1 and localhost go through, and every other
 * request is aborted so nothing leaves the machine.
 * <p>
 * Register it in a {@code @SpringBootTest} with a {@code @TestConfiguration} holding
 * {@code @Bean FakeReportEmbed fakeReportEmbed() { return new FakeReportEmbed(); }}; the
 * render pool applies every {@link ContextSetup} bean. Set the knobs before a render
 * (they are read when the report frame is served) and {@link #reset()} between tests.
 */
public final class FakeReportEmbed implements ContextSetup {

	/** Where the fake answers: the start of every embed URL it serves. */
	public static final String EMBED_URL = "https://app.powerbi.com/reportEmbed";

	private static final String STANDIN = "https://app.powerbi.com/__standin/";

	private static final String SIGN_IN_HOST = "login.microsoftonline.com";

	/** The fake report's pages, in order, with the colour of each page's block. */
	public static final List<FakePage> PAGES = List.of(new FakePage("ReportSection0a1b2c3d4e", "Overview", "#1f77b4"),
			new FakePage("ReportSection5f6a7b8c9d", "Regions", "#2ca02c"),
			new FakePage("a1b2c3d4e5f6a7b8c9d0", "Details", "#d62728"));

	/**
	 * Where the fake draws, in CSS pixels of the report frame: the page's block at (20,
	 * 20), 200×200; the i-th value of all filters as a 60×60 square at (20 + 80 i, 260);
	 * the late block, magenta, at (20, 400), 200×100.
	 */
	public static final int PAGE_BLOCK_X = 20;

	public static final int PAGE_BLOCK_Y = 20;

	public static final int VALUE_SQUARE_X = 20;

	public static final int VALUE_SQUARE_Y = 260;

	public static final int VALUE_SQUARE_STEP = 80;

	public static final int LATE_BLOCK_X = 20;

	public static final int LATE_BLOCK_Y = 400;

	public static final String LATE_BLOCK_COLOUR = "#ff00ff";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AtomicInteger loads = new AtomicInteger();

	private final List<String> requested = new CopyOnWriteArrayList<>();

	private volatile Knobs knobs = Knobs.DEFAULT;

	private volatile boolean slicerDrift;

	private volatile @Nullable String refusedToken;

	private final List<String> renewedTokens = new CopyOnWriteArrayList<>();

	/** One page: Power BI's internal name, the display name, the colour of its block. */
	public record FakePage(String name, String displayName, String colour) {
	}

	/** A fatal {@code error} event, as Power BI raises it. */
	public record FatalError(String message, int level, String requestId) {
	}

	/**
	 * How the fake behaves on its next renders.
	 *
	 * @param slowMs milliseconds between a page being asked for and its {@code rendered}
	 * @param neverRenders {@code loaded} comes, {@code rendered} never
	 * @param rendersTwice every {@code rendered} comes again 100 ms later
	 * @param lateDrawMs when above 0: {@code rendered} comes early; a grey placeholder is
	 * drawn half this long after it, and turns into the magenta late block at this time
	 * @param restless after {@code rendered}, a text changes every 100 ms, forever
	 * @param error raise this {@code error} instead of rendering, or null
	 * @param signInRedirect the frame goes to login.microsoftonline.com on load
	 * @param valueColours colour of the square drawn for a filter value (grey otherwise)
	 * @param loadMs what loading the report costs before its first query (Power BI's
	 * bootstrap and the report's definition and data model): added to the first render
	 * after a load only, not to a filter or page change in a loaded report
	 * @param misreportValue when a filter holds this value, {@code getFilters()} leaves
	 * that filter out (a loaded report that does not show what it was asked), or null
	 * @param failOnChangeValue a filter change to a filter holding this value raises a
	 * fatal error (loading the report with it does not), or null
	 */
	public record Knobs(long slowMs, boolean neverRenders, boolean rendersTwice, long lateDrawMs, boolean restless,
			FatalError error, boolean signInRedirect, Map<String, String> valueColours, long loadMs,
			String misreportValue, String failOnChangeValue) {

		static final Knobs DEFAULT = new Knobs(0, false, false, 0, false, null, false, Map.of(), 0, null, null);

		public Knobs {
			valueColours = Map.copyOf(valueColours);
		}

	}

	/** Back to a report that renders at once, and zero loads. */
	public void reset() {
		this.knobs = Knobs.DEFAULT;
		this.loads.set(0);
		this.requested.clear();
		this.slicerDrift = false;
		this.refusedToken = null;
		this.renewedTokens.clear();
	}

	/**
	 * A filter change in a loaded report also selects its first value in the shown page's
	 * slicer, and the slicer keeps it: a report that carries slicer state between exports
	 * (a fresh load shows no selection).
	 */
	public FakeReportEmbed carriesSlicerState() {
		this.slicerDrift = true;
		return this;
	}

	/** {@code report.setAccessToken} with this token is refused. */
	public FakeReportEmbed refusesToken(String token) {
		this.refusedToken = token;
		return this;
	}

	/**
	 * The tokens loaded reports were given in place ({@code report.setAccessToken}) since
	 * the last reset, in order.
	 */
	public List<String> renewedTokens() {
		return List.copyOf(this.renewedTokens);
	}

	public Knobs knobs() {
		return this.knobs;
	}

	public FakeReportEmbed slow(long millis) {
		Knobs k = this.knobs;
		return with(new Knobs(millis, k.neverRenders(), k.rendersTwice(), k.lateDrawMs(), k.restless(), k.error(),
				k.signInRedirect(), k.valueColours(), k.loadMs(), k.misreportValue(), k.failOnChangeValue()));
	}

	public FakeReportEmbed neverRenders() {
		Knobs k = this.knobs;
		return with(new Knobs(k.slowMs(), true, k.rendersTwice(), k.lateDrawMs(), k.restless(), k.error(),
				k.signInRedirect(), k.valueColours(), k.loadMs(), k.misreportValue(), k.failOnChangeValue()));
	}

	public FakeReportEmbed rendersTwice() {
		Knobs k = this.knobs;
		return with(new Knobs(k.slowMs(), k.neverRenders(), true, k.lateDrawMs(), k.restless(), k.error(),
				k.signInRedirect(), k.valueColours(), k.loadMs(), k.misreportValue(), k.failOnChangeValue()));
	}

	public FakeReportEmbed drawsLate(long millis) {
		Knobs k = this.knobs;
		return with(new Knobs(k.slowMs(), k.neverRenders(), k.rendersTwice(), millis, k.restless(), k.error(),
				k.signInRedirect(), k.valueColours(), k.loadMs(), k.misreportValue(), k.failOnChangeValue()));
	}

	public FakeReportEmbed neverQuiet() {
		Knobs k = this.knobs;
		return with(new Knobs(k.slowMs(), k.neverRenders(), k.rendersTwice(), k.lateDrawMs(), true, k.error(),
				k.signInRedirect(), k.valueColours(), k.loadMs(), k.misreportValue(), k.failOnChangeValue()));
	}

	public FakeReportEmbed fails(String message, int level, String requestId) {
		Knobs k = this.knobs;
		return with(new Knobs(k.slowMs(), k.neverRenders(), k.rendersTwice(), k.lateDrawMs(), k.restless(),
				new FatalError(message, level, requestId), k.signInRedirect(), k.valueColours(), k.loadMs(),
				k.misreportValue(), k.failOnChangeValue()));
	}

	public FakeReportEmbed redirectsToSignIn() {
		Knobs k = this.knobs;
		return with(new Knobs(k.slowMs(), k.neverRenders(), k.rendersTwice(), k.lateDrawMs(), k.restless(), k.error(),
				true, k.valueColours(), k.loadMs(), k.misreportValue(), k.failOnChangeValue()));
	}

	/** The colour of the square drawn for a filter value, as CSS {@code #rrggbb}. */
	public FakeReportEmbed colour(Object value, String colour) {
		Knobs k = this.knobs;
		Map<String, String> colours = new LinkedHashMap<>(k.valueColours());
		colours.put(String.valueOf(value), colour);
		return with(new Knobs(k.slowMs(), k.neverRenders(), k.rendersTwice(), k.lateDrawMs(), k.restless(), k.error(),
				k.signInRedirect(), colours, k.loadMs(), k.misreportValue(), k.failOnChangeValue()));
	}

	/** Loading the report costs this much more than changing its filters. */
	public FakeReportEmbed loadCost(long millis) {
		Knobs k = this.knobs;
		return with(new Knobs(k.slowMs(), k.neverRenders(), k.rendersTwice(), k.lateDrawMs(), k.restless(), k.error(),
				k.signInRedirect(), k.valueColours(), millis, k.misreportValue(), k.failOnChangeValue()));
	}

	/** {@code getFilters()} leaves out a filter holding this value. */
	public FakeReportEmbed misreports(String value) {
		Knobs k = this.knobs;
		return with(new Knobs(k.slowMs(), k.neverRenders(), k.rendersTwice(), k.lateDrawMs(), k.restless(), k.error(),
				k.signInRedirect(), k.valueColours(), k.loadMs(), value, k.failOnChangeValue()));
	}

	/** Changing the filters of a loaded report to one holding this value fails. */
	public FakeReportEmbed failsOnChangeTo(String value) {
		Knobs k = this.knobs;
		return with(new Knobs(k.slowMs(), k.neverRenders(), k.rendersTwice(), k.lateDrawMs(), k.restless(), k.error(),
				k.signInRedirect(), k.valueColours(), k.loadMs(), k.misreportValue(), value));
	}

	private FakeReportEmbed with(Knobs knobs) {
		this.knobs = knobs;
		return this;
	}

	/** How many times the report frame was loaded since the last reset. */
	public int loads() {
		return this.loads.get();
	}

	/** Every address the render contexts asked for since the last reset. */
	public List<String> requestedUrls() {
		return List.copyOf(this.requested);
	}

	/** An embed URL of the fake, as Power BI's REST API gives it. */
	public static String embedUrl(String reportId, String groupId) {
		return EMBED_URL + "?reportId=" + reportId + "&groupId=" + groupId + "&w=2&config=c3RhbmQtaW4";
	}

	@Override
	public void prepare(BrowserContext context) {
		context.route((url) -> true, this::answer);
	}

	private void answer(Route route) {
		String url = route.request().url();
		this.requested.add(url);
		String host = URI.create(url).getHost();
		if ("127.0.0.1".equals(host) || "localhost".equals(host)) {
			// on to the render engine's own routes, if any, then the network
			route.fallback();
		}
		else if (url.startsWith(EMBED_URL + "?") || url.equals(EMBED_URL)) {
			this.loads.incrementAndGet();
			fulfill(route, "text/html", reportPage());
		}
		else if (url.equals(STANDIN + "token") && "POST".equals(route.request().method())) {
			this.renewedTokens.add(String.valueOf(route.request().postData()));
			route.fulfill(new Route.FulfillOptions().setStatus(204));
		}
		else if (url.startsWith(STANDIN)) {
			String name = url.substring(STANDIN.length()).replaceAll("[?#].*", "");
			if (name.matches("[a-z-]+\\.(js|css)")) {
				fulfill(route, name.endsWith(".css") ? "text/css" : "text/javascript", resource(name));
			}
			else {
				route.fulfill(new Route.FulfillOptions().setStatus(404));
			}
		}
		else if (SIGN_IN_HOST.equals(host)) {
			fulfill(route, "text/html", resource("sign-in.html"));
		}
		else {
			route.abort();
		}
	}

	private String reportPage() {
		Map<String, Object> settings = new LinkedHashMap<>();
		Knobs k = this.knobs;
		settings.put("slowMs", k.slowMs());
		settings.put("neverRenders", k.neverRenders());
		settings.put("rendersTwice", k.rendersTwice());
		settings.put("lateDrawMs", k.lateDrawMs());
		settings.put("restless", k.restless());
		settings.put("error", k.error());
		settings.put("signInRedirect", k.signInRedirect());
		settings.put("valueColours", k.valueColours());
		settings.put("loadMs", k.loadMs());
		settings.put("misreportValue", k.misreportValue());
		settings.put("failOnChangeValue", k.failOnChangeValue());
		settings.put("slicerDrift", this.slicerDrift);
		settings.put("refusedToken", this.refusedToken);
		settings.put("pages", PAGES);
		String knobsJson = json.writeValueAsString(settings).replace("</", "<\\/");
		return resource("report-embed.html").replace("{{KNOBS}}", knobsJson);
	}

	private static void fulfill(Route route, String contentType, String body) {
		route.fulfill(new Route.FulfillOptions().setStatus(200)
			.setContentType(contentType + "; charset=utf-8")
			.setBody(body));
	}

	private static String resource(String name) {
		try (InputStream in = FakeReportEmbed.class.getResourceAsStream("/powerbi-standin/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no such stand-in file: " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
