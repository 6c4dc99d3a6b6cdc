package org.pbiexport.render;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared Chromium processes the render threads attach to (docs/adr/0004): thread
 * {@code i} uses browser {@code i mod browsers}. A browser that died is started again by
 * the first thread that needs it; one that served {@code rendersPerBrowser} renders is
 * retired, taking no new threads and closing when the last attached one lets go.
 */
final class SharedBrowsers implements AutoCloseable {

	private final RenderProperties properties;

	private final BrowserServer[] current;

	private final List<BrowserServer> retired = new ArrayList<>();

	private final AtomicLong restarts = new AtomicLong();

	/** A browser that died is being replaced right now. */
	private volatile boolean replacing;

	SharedBrowsers(RenderProperties properties) {
		this.properties = properties;
		this.current = new BrowserServer[Math.max(1, properties.browsers())];
	}

	/**
	 * The browser for render thread {@code thread}, started if it is not running; the
	 * caller {@linkplain #release releases} it when done with it.
	 */
	synchronized BrowserServer lease(int thread) {
		int slot = thread % this.current.length;
		BrowserServer server = this.current[slot];
		if (server == null || !server.alive() || server.retired()) {
			// Readiness is DOWN while a dead browser is replaced, not for a routine
			// retirement.
			this.replacing = server != null && !server.alive();
			if (server != null) {
				this.restarts.incrementAndGet();
				retire(server);
			}
			try {
				server = BrowserServer.start(this.properties);
			}
			finally {
				this.replacing = false;
			}
			this.current[slot] = server;
		}
		server.attach();
		return server;
	}

	/**
	 * A thread lost its connection to {@code server} although it was not retired: the
	 * browser died (or its server did), so it is ended and the next lease starts another.
	 */
	synchronized void broken(BrowserServer server) {
		if (!server.retired()) {
			this.restarts.incrementAndGet();
			this.retired.add(server);
		}
		server.kill();
	}

	synchronized void release(BrowserServer server) {
		server.detach();
		this.retired.removeIf((old) -> !old.alive());
	}

	/**
	 * Counts a render on {@code server}; at its limit it is retired, and its threads move
	 * to a new one as they finish.
	 */
	synchronized void rendered(BrowserServer server) {
		if (server.countRender(this.properties.rendersPerBrowser()) && !server.retired()) {
			retire(server);
		}
	}

	private void retire(BrowserServer server) {
		this.retired.add(server);
		server.retire();
	}

	/**
	 * Whether a browser died and has not been replaced yet, or is being replaced now:
	 * answered at once, without waiting for a browser to start.
	 */
	boolean down() {
		if (this.replacing) {
			return true;
		}
		synchronized (this) {
			return deadBrowser();
		}
	}

	private boolean deadBrowser() {
		for (BrowserServer server : this.current) {
			if (server != null && !server.alive()) {
				return true;
			}
		}
		return false;
	}

	/** Browsers restarted because they died or reached their render limit. */
	long restarts() {
		return this.restarts.get();
	}

	/** Every process of every browser there is, for tests that kill them. */
	synchronized List<ProcessHandle> processes() {
		List<ProcessHandle> all = new ArrayList<>();
		for (BrowserServer server : this.current) {
			if (server != null) {
				all.addAll(server.processes());
			}
		}
		this.retired.forEach((server) -> all.addAll(server.processes()));
		return all;
	}

	@Override
	public synchronized void close() {
		for (int i = 0; i < this.current.length; i++) {
			if (this.current[i] != null) {
				this.current[i].close();
				this.current[i] = null;
			}
		}
		this.retired.forEach(BrowserServer::close);
		this.retired.clear();
	}

}
