package org.pbiexport.render;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.WaitUntilState;

/**
 * A plain address rendered once, in named steps: navigate, wait until the readiness rules
 * say the report is drawn, capture. A report embedded through the Power BI SDK is
 * rendered by {@link SdkRender} instead.
 */
final class UrlRender {

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

	private final OpenPage open;

	UrlRender(OpenPage open) {
		this.open = open;
	}

	RenderResult render() {
		this.open.phases().time("navigate", () -> {
			navigate(this.open.page(), this.open.job());
			return this.open.page();
		});
		String rule = this.open.phases().time("ready", this::waitUntilReady);
		byte[] bytes = this.open.phases().time("capture", () -> capture(this.open.page(), this.open.job()));
		return new RenderResult(bytes, rule, Duration.between(this.open.started(), Instant.now()));
	}

	private static void navigate(Page page, RenderJob job) {
		page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));
		if (job.login() == null) {
			page.navigate(job.url(), new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT)
				.setTimeout(Math.max(1, BrowserSession.remaining(job).toMillis())));
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
				.setTimeout(Math.max(1, BrowserSession.remaining(job).toMillis())));
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
	private String waitUntilReady() {
		Readiness readiness = this.open.job().readiness();
		long settle = readiness.settle().toMillis();
		while (true) {
			if (remaining().isNegative() || remaining().isZero()) {
				throw new RenderTimedOut(
						"The report did not finish drawing within its time budget (" + describe() + ").");
			}
			this.open.guard().check();
			PageChecks.signInGuard(this.open.page(), this.open.properties());
			Map<String, Object> state = (Map<String, Object>) this.open.page()
				.evaluate(STATE, List.of(nullToEmpty(readiness.signal()), nullToEmpty(readiness.readySelector()),
						this.open.properties().loadingSelectors(), this.open.properties().errorSelectors()));
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
			boolean quiet = this.open.network().inFlight() == 0 && this.open.network().quietMillis() >= settle
					&& ((Number) state.get("quietMs")).doubleValue() >= settle;
			if (ready && quiet && Boolean.TRUE.equals(state.get("complete"))
					&& !Boolean.TRUE.equals(state.get("loading"))) {
				return "fallback";
			}
			this.open.page().waitForTimeout(Math.min(BrowserSession.POLL_MS, Math.max(1, remaining().toMillis())));
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
		if (PageChecks.singleColour(png)) {
			throw new RenderFailed("The capture was blank (a single colour): the report drew nothing.");
		}
		return png;
	}

	private String describe() {
		return this.open.network().inFlight() + " requests still loading, last seen at "
				+ this.open.page().url().replaceAll("\\?.*", "");
	}

	private Duration remaining() {
		return BrowserSession.remaining(this.open.job());
	}

	private static String nullToEmpty(String text) {
		return (text != null) ? text : "";
	}

}
