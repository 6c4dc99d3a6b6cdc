package org.pbiexport.render;

import java.time.Instant;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;

/**
 * One warm report session: a browser context whose page has the report embedded and
 * drawn, kept after the render that loaded it. Used by one render thread only.
 */
final class WarmSession {

	private final WarmPool.Key key;

	private final BrowserContext context;

	private final Page page;

	private final RenderGuard guard;

	private final NetworkWatch network;

	private final Instant created = Instant.now();

	private final Instant tokenExpires;

	private int uses = 1;

	WarmSession(WarmPool.Key key, BrowserContext context, Page page, RenderGuard guard, NetworkWatch network,
			RenderJob loadedBy) {
		this.key = key;
		this.context = context;
		this.page = page;
		this.guard = guard;
		this.network = network;
		RenderJob.SdkEmbed sdk = loadedBy.sdk();
		this.tokenExpires = (sdk != null && sdk.warm() != null) ? sdk.warm().tokenExpires() : Instant.now();
	}

	WarmPool.Key key() {
		return this.key;
	}

	Instant created() {
		return this.created;
	}

	Instant tokenExpires() {
		return this.tokenExpires;
	}

	int uses() {
		return this.uses;
	}

	void used() {
		this.uses++;
	}

	/** The job's page in this session, for {@link WarmRender}. */
	OpenPage open(RenderProperties properties, Phases phases, RenderJob job, Instant started) {
		return new OpenPage(properties, phases, this.page, job, this.network, started, this.guard);
	}

	RenderGuard guard() {
		return this.guard;
	}

	void close() {
		try {
			this.context.close();
		}
		catch (PlaywrightException ex) {
			// the browser is gone; the context went with it
		}
	}

}
