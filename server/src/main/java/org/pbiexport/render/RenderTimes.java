package org.pbiexport.render;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many renders the pool has done and how long one takes, as a moving average: what a
 * refused caller is told to wait before retrying is based on it.
 */
final class RenderTimes {

	private final AtomicLong renders = new AtomicLong();

	private volatile double averageMillis = 2_000;

	/** A render succeeded in this time. */
	void took(Duration took) {
		this.averageMillis = 0.8 * this.averageMillis + 0.2 * took.toMillis();
	}

	/** A render is over, whatever its outcome. */
	void counted() {
		this.renders.incrementAndGet();
	}

	long renders() {
		return this.renders.get();
	}

	/**
	 * How long until a new render would likely get a browser, with {@code waiting}
	 * renders ahead of it and {@code admitted} rendering at once.
	 */
	Duration retryAfter(int waiting, int admitted) {
		double millis = (waiting + 1) * this.averageMillis / Math.max(1, admitted);
		return Duration.ofSeconds(Math.max(1, (long) Math.ceil(millis / 1000)));
	}

}
