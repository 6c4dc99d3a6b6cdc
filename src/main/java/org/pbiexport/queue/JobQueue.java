package org.pbiexport.queue;

import java.time.Duration;

/**
 * The export job queue: bounded, refusing at once when full rather than letting requests
 * pile up. The in-process adapter serves the embedded default; a Redis Streams adapter
 * will serve scaled-out workers, which is why jobs put on it are plain values.
 *
 * @param <T> the job type
 */
public interface JobQueue<T> {

	/**
	 * @return false when the queue is full
	 */
	boolean offer(T job);

	/**
	 * Queues every job of {@code batch} or, when they do not all fit, none of them: a
	 * multi-page export is admitted whole or not at all.
	 * @return false when the queue has no room for all of them
	 */
	boolean offerAll(java.util.List<T> batch);

	/**
	 * Takes a job back out before any worker took it (its caller gave up).
	 * @return whether it was still waiting
	 */
	boolean remove(T job);

	/** The next job, or null when none came within {@code wait}. */
	T poll(Duration wait) throws InterruptedException;

	/** Jobs waiting now. */
	int size();

	/** Removes and returns every waiting job, for a shutdown. */
	java.util.List<T> drain();

}
