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

	/** The next job, or null when none came within {@code wait}. */
	T poll(Duration wait) throws InterruptedException;

	/** Jobs waiting now. */
	int size();

	/** Removes and returns every waiting job, for a shutdown. */
	java.util.List<T> drain();

}
