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

	private final WarmState state;

	private int uses = 1;

	WarmSession(WarmPool.Key key, BrowserContext context, Page page, RenderGuard guard, NetworkWatch network,
			RenderJob loadedBy) {
		this.key = key;
		this.context = context;
		this.page = page;
		this.guard = guard;
		this.network = network;
		this.state = new WarmState(loadedBy);
	}

	WarmPool.Key key() {
		return this.key;
	}

	Instant created() {
		return this.created;
	}

	Instant tokenExpires() {
		return this.state.tokenExpires();
	}

	/** Its token and slicer defaults. */
	WarmState state() {
		return this.state;
	}

	/** Records the loaded page's slicer states, the report's defaults. */
	void recordLoaded() {
		this.state.recordLoaded(this.page);
	}

	/**
	 * Gives the report the job's embed token if it holds another, see {@link WarmState}.
	 */
	void renew(RenderJob job) {
		this.state.renew(this.page, job);
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
