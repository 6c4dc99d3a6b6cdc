package org.pbiexport.render;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Keeps the render pool from wedging. A Playwright call that never returns (a browser
 * killed at the wrong moment can leave {@code newPage()} waiting forever) is ended from
 * outside: when a render runs past its deadline by {@link #GRACE}, its browser is killed,
 * which fails every call pending on it, and the threads attach to a new one. Readiness
 * (health indicator {@code renderPool}) is DOWN while work is queued and no render has
 * finished for {@code stallAfter}, and while the browser that died has not been replaced
 * yet.
 */
final class RenderWatchdog implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(RenderWatchdog.class);

	/** How long past its deadline a render may take to give up by itself. */
	static final Duration GRACE = Duration.ofSeconds(10);

	private final Map<Integer, Busy> busy = new ConcurrentHashMap<>();

	private final SharedBrowsers browsers;

	private final IntSupplier queued;

	private final Duration stallAfter;

	private volatile Instant lastProgress = Instant.now();

	RenderWatchdog(SharedBrowsers browsers, IntSupplier queued, Duration stallAfter) {
		this.browsers = browsers;
		this.queued = queued;
		this.stallAfter = stallAfter;
	}

	private record Busy(Instant deadline, BrowserServer server, String thread) {
	}

	/** Render thread {@code number} started a render on {@code server}. */
	void started(int number, Instant deadline, BrowserServer server) {
		this.busy.put(number, new Busy(deadline, server, Thread.currentThread().getName()));
	}

	/** Render thread {@code number} finished its render, whatever the outcome. */
	void finished(int number) {
		this.busy.remove(number);
		this.lastProgress = Instant.now();
	}

	/** Nothing is waiting: an idle pool is not a stalled one. */
	void idle() {
		this.lastProgress = Instant.now();
	}

	/** Ends the browsers of renders stuck past their deadline. Called every second. */
	void check(Instant now) {
		this.busy.forEach((number, render) -> {
			if (now.isAfter(render.deadline().plus(GRACE)) && !render.server().retired()) {
				log.warn("{} is stuck {} s past its render's deadline; ending its browser so that it lets go",
						render.thread(), Duration.between(render.deadline(), now).toSeconds());
				this.browsers.broken(render.server());
			}
		});
	}

	@Override
	public Health health() {
		Instant now = Instant.now();
		int waiting = this.queued.getAsInt();
		if (waiting > 0 && Duration.between(this.lastProgress, now).compareTo(this.stallAfter) > 0) {
			return Health.down()
				.withDetail("reason", "renders are queued and none finished for " + this.stallAfter.toSeconds() + " s")
				.withDetail("queued", waiting)
				.build();
		}
		if (this.browsers.down()) {
			return Health.down().withDetail("reason", "the browser died and is being replaced").build();
		}
		return Health.up().withDetail("queued", waiting).build();
	}

}
