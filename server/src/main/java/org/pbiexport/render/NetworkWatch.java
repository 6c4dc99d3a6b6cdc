package org.pbiexport.render;

import com.microsoft.playwright.Page;

/**
 * Counts a page's requests in flight, from every frame of it, and when the network was
 * last busy. Used by the one render thread that owns the page.
 */
final class NetworkWatch {

	private int inFlight;

	private long lastActivity = System.nanoTime();

	NetworkWatch(Page page) {
		page.onRequest((request) -> change(1));
		page.onRequestFinished((request) -> change(-1));
		page.onRequestFailed((request) -> change(-1));
	}

	private void change(int delta) {
		this.inFlight = Math.max(0, this.inFlight + delta);
		this.lastActivity = System.nanoTime();
	}

	int inFlight() {
		return this.inFlight;
	}

	long quietMillis() {
		return (System.nanoTime() - this.lastActivity) / 1_000_000;
	}

}
