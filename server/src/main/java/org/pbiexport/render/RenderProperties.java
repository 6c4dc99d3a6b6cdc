package org.pbiexport.render;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the render module; every limit has a safe default.
 *
 * @param chromiumPath the Chromium executable (Debian's; no browser is ever downloaded)
 * @param concurrency renders at once; 0 (the default) admits renders by the memory there
 * is to spare, up to {@code maxConcurrency} (see {@link Admission})
 * @param queueCapacity renders that may wait for a free browser before requests get 429
 * @param rendersPerBrowser a shared browser is replaced after this many renders, to bound
 * leaks
 * @param loadingSelectors elements that mean "still loading" for the fallback readiness
 * rules
 * @param errorSelectors elements that mean the page shows an error instead of the report
 * @param signInHosts hosts of sign-in pages that must never be returned as a capture
 * @param sdkSettleCap for reports embedded through the Power BI SDK: the longest wait,
 * after the SDK said {@code rendered}, for the page and all its frames to stay quiet for
 * the settle interval; a frame that never stops changing is captured when it runs out
 * (readiness rule {@code signal+cap}), always within the export's time budget
 * @param maxConcurrency the most renders at once when {@code concurrency} is 0; 0 means
 * four per core (rendering a report is mostly waiting on its queries)
 * @param memoryPerRender memory one render at once needs (its browser context's renderer
 * and the app's share), measured by bench/run
 * @param memoryReserve memory left free for everything else before admitting renders
 * @param browsers shared Chromium processes the render threads are spread over
 * (docs/adr/0004)
 * @param sandbox Chromium's sandbox: {@code auto} turns it on wherever it can run
 * @param maxPages the most pages one export may have (Power BI's Export To File allows
 * 50); on an idle server they may all wait at once, beyond {@code queueCapacity}
 * @param queuePerClient renders one client (API key, or address when anonymous) may have
 * waiting; a client with none waiting may always queue one whole export
 * @param stallAfter readiness is DOWN when renders are queued and none finished for this
 * long
 */
@ConfigurationProperties("pbi-export.render")
public record RenderProperties(@DefaultValue("/usr/bin/chromium") Path chromiumPath, @DefaultValue("0") int concurrency,
		@DefaultValue("16") int queueCapacity, @DefaultValue("200") int rendersPerBrowser, @DefaultValue( {
				".spinner", ".loading", "[aria-busy=true]", ".powerbi-spinner",
				".circle-spinner" }) List<String> loadingSelectors,
		@DefaultValue({ ".error-page:not([hidden])", ".errorContainer",
				"[data-testid=error-container]" }) List<String> errorSelectors,
		@DefaultValue({ "login.microsoftonline.com", "login.windows.net", "login.live.com" }) List<String> signInHosts,
		@DefaultValue("3s") Duration sdkSettleCap, @DefaultValue("0") int maxConcurrency,
		@DefaultValue("150MB") DataSize memoryPerRender, @DefaultValue("512MB") DataSize memoryReserve,
		@DefaultValue("1") int browsers, @DefaultValue("auto") Sandbox sandbox,
		@DefaultValue("90s") Duration stallAfter, @DefaultValue("50") int maxPages,
		@DefaultValue("8") int queuePerClient){

	/**
	 * The most renders at once: {@code concurrency} when set, else
	 * {@code maxConcurrency}, else four per core.
	 */
	public int threads() {
		if (this.concurrency > 0) {
			return this.concurrency;
		}
		return (this.maxConcurrency > 0) ? this.maxConcurrency
				: 4 * Math.max(1, Runtime.getRuntime().availableProcessors());
	}

}
