package org.pbiexport.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.ViewportSize;
import com.microsoft.playwright.options.WaitUntilState;

import tools.jackson.databind.json.JsonMapper;

/**
 * One render of a report through the Power BI JavaScript SDK in the app's host page
 * ({@code /powerbi/host.html}): embed once, wait for the SDK's {@code rendered}, let the
 * page and every frame settle, capture; then switch page in place for each further page.
 * The report is loaded once however many pages are captured.
 * <p>
 * Power BI can say {@code rendered} before custom visuals have drawn, so after the signal
 * the capture waits until the page and all its frames saw no DOM change and no request
 * for the readiness settle interval. A frame that never goes quiet is captured when
 * {@link RenderProperties#sdkSettleCap()} has passed since the signal (rule
 * {@code signal+cap}); the export's deadline bounds everything. The job's readiness gives
 * the settle interval only: its signal and selector are for plain addresses.
 */
final class SdkRender {

	/** The host page's render state, see host.js. */
	private static final String STATE = """
			() => {
			  const d = document.documentElement.dataset;
			  return { state: d.renderState || null, error: d.renderError || null, page: d.page || null,
			           rendered: Number(d.renderedEvents || '0') };
			}""";

	/**
	 * Embeds with the configuration given as JSON text: the token travels in this call,
	 * never in an address.
	 */
	private static final String EMBED = """
			(json) => {
			  if (!window.pbiExport) { return false; }
			  window.pbiExport.embed(JSON.parse(json));
			  return true;
			}""";

	static final String SET_PAGE = "(name) => window.pbiExport.setPage(name)";

	/**
	 * Milliseconds since this frame's DOM last changed, from the context's init script; 0
	 * while its fonts are still loading, so that text is never captured in a fallback
	 * font.
	 */
	private static final String FRAME_QUIET = """
			() => (document.fonts && document.fonts.status !== 'loaded') ? 0
			  : performance.now() - (window.__pbiLastMutation || 0)""";

	/**
	 * Chromium prints the backgrounds of the host page ({@code printBackground}) but not
	 * of the report's cross-origin frame: every frame is told to print its colours as
	 * shown. A constructed style sheet, so no element is added and no inline style is
	 * needed.
	 */
	private static final String PRINT_COLOURS = """
			(() => {
			  const sheet = new CSSStyleSheet();
			  sheet.replaceSync('*, *::before, *::after { -webkit-print-color-adjust: exact !important; '
			    + 'print-color-adjust: exact !important; }');
			  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
			})();
			""";

	/**
	 * Resolves once the frame has painted twice more: a frame's DOM can be quiet while
	 * its renderer (the report's frame has its own process) has not yet painted the last
	 * change, and a loaded machine lags behind. Without it a capture can show what the
	 * frame showed before.
	 */
	private static final String PAINTED = """
			() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))""";

	private static final int MAX_ERROR_LENGTH = 500;

	private final OpenPage open;

	/** The state as a warm session found it, for {@link WarmRender}. */
	static final String READ_BACK = "(filters) => window.pbiExport.readBack(filters)";

	static final String SET_FILTERS = "(filters) => window.pbiExport.setFilters(JSON.parse(filters))";

	SdkRender(OpenPage open) {
		this.open = open;
	}

	RenderResult render() {
		List<RenderJob.SdkPage> pages = this.open.job().sdk().pages();
		if (!pages.isEmpty()) {
			size(pages.get(0));
		}
		this.open.phases().time("navigate", () -> {
			embed();
			return this.open.page();
		});
		boolean capped = this.open.phases().time("ready", () -> {
			awaitRendered(null);
			return settle();
		});
		List<byte[]> captures = new ArrayList<>();
		captures.add(this.open.phases().time("capture", this::capture));
		for (RenderJob.SdkPage next : pages.subList(Math.min(1, pages.size()), pages.size())) {
			size(next);
			capped |= this.open.phases().time("ready", () -> {
				this.open.page().evaluate(SET_PAGE, next.name());
				awaitRendered(next.name());
				return settle();
			});
			captures.add(this.open.phases().time("capture", this::capture));
		}
		return new RenderResult(captures.get(0), capped ? "signal+cap" : "signal",
				Duration.between(this.open.started(), Instant.now()), captures);
	}

	void size(RenderJob.SdkPage sdkPage) {
		if (sdkPage.width() > 0 && sdkPage.height() > 0) {
			this.open.page().setViewportSize(sdkPage.width(), sdkPage.height());
		}
	}

	private void embed() {
		this.open.page().emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));
		if (this.open.job().output() == RenderJob.Output.PDF) {
			this.open.page().addInitScript(PRINT_COLOURS);
		}
		this.open.page()
			.navigate(this.open.job().url(), new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD)
				.setTimeout(Math.max(1, remainingMillis())));
		String config = JsonMapper.shared().writeValueAsString(this.open.job().sdk().config());
		if (!Boolean.TRUE.equals(this.open.page().evaluate(EMBED, config))) {
			throw new RenderFailed("The Power BI host page did not load the Power BI JavaScript SDK.");
		}
	}

	/**
	 * Waits for the SDK's {@code rendered} (of {@code pageName} when given), failing on
	 * its {@code error}, a sign-in page in any frame, or the deadline.
	 */
	@SuppressWarnings("unchecked")
	void awaitRendered(String pageName) {
		while (true) {
			this.open.guard().check();
			PageChecks.signInGuard(this.open.page(), this.open.properties());
			Map<String, Object> state = (Map<String, Object>) this.open.page().evaluate(STATE);
			failOnError(state);
			if ("rendered".equals(state.get("state")) && (pageName == null || pageName.equals(state.get("page")))) {
				return;
			}
			if (remainingMillis() <= 0) {
				throw new RenderTimedOut("The report did not finish drawing within its time budget (Power BI never "
						+ "reported it rendered" + ((pageName != null) ? " on page " + pageName : "") + ").");
			}
			this.open.page().waitForTimeout(Math.min(BrowserSession.POLL_MS, Math.max(1, remainingMillis())));
		}
	}

	/**
	 * Waits until the page and every frame have been quiet (no DOM change, no request in
	 * flight) for the settle interval.
	 * @return whether the cap ended the wait instead
	 */
	@SuppressWarnings("unchecked")
	boolean settle() {
		long settle = this.open.job().readiness().settle().toMillis();
		long capEnds = System.nanoTime() + this.open.properties().sdkSettleCap().toNanos();
		while (true) {
			this.open.guard().check();
			PageChecks.signInGuard(this.open.page(), this.open.properties());
			failOnError((Map<String, Object>) this.open.page().evaluate(STATE));
			if (this.open.network().inFlight() == 0 && this.open.network().quietMillis() >= settle
					&& framesQuietMillis() >= settle) {
				return false;
			}
			if (System.nanoTime() - capEnds >= 0) {
				return true;
			}
			if (remainingMillis() <= 0) {
				throw new RenderTimedOut("The report did not finish drawing within its time budget (Power BI "
						+ "reported it rendered, but it kept changing; " + this.open.network().inFlight()
						+ " requests still loading).");
			}
			this.open.page().waitForTimeout(Math.min(BrowserSession.POLL_MS, Math.max(1, remainingMillis())));
		}
	}

	/** The shortest quiet time of all frames; 0 while a frame cannot be asked. */
	private double framesQuietMillis() {
		double least = Double.MAX_VALUE;
		for (Frame frame : this.open.page().frames()) {
			try {
				Object quiet = frame.evaluate(FRAME_QUIET);
				least = Math.min(least, (quiet instanceof Number number) ? number.doubleValue() : 0);
			}
			catch (PlaywrightException ex) {
				// navigating or detached: not quiet
				return 0;
			}
		}
		return least;
	}

	private static void failOnError(Map<String, Object> state) {
		if ("error".equals(state.get("state"))) {
			String message = String.valueOf(state.get("error"));
			if (message.length() > MAX_ERROR_LENGTH) {
				message = message.substring(0, MAX_ERROR_LENGTH) + "…";
			}
			throw new RenderFailed("Power BI reported an error: " + message);
		}
	}

	byte[] capture() {
		for (Frame frame : this.open.page().frames()) {
			try {
				frame.evaluate(PAINTED);
			}
			catch (PlaywrightException ex) {
				// detached meanwhile: nothing of it to paint
			}
		}
		if (this.open.job().output() == RenderJob.Output.PDF) {
			ViewportSize viewport = this.open.page().viewportSize();
			return this.open.page()
				.pdf(new Page.PdfOptions().setWidth(viewport.width + "px")
					.setHeight(viewport.height + "px")
					.setPrintBackground(true)
					.setPageRanges("1"));
		}
		byte[] png = this.open.page().screenshot(new Page.ScreenshotOptions().setFullPage(false));
		if (PageChecks.singleColour(png)) {
			throw new RenderFailed("The capture was blank (a single colour): the report drew nothing.");
		}
		return png;
	}

	long remainingMillis() {
		return BrowserSession.remaining(this.open.job()).toMillis();
	}

}
