package org.pbiexport.queue;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The export job queue: bounded, refusing at once when full rather than letting requests
 * pile up. The in-process adapter serves the embedded default; the Redis Streams adapter
 * serves scaled-out workers, which is why jobs put on it are plain values. A durable
 * queue hands a job out at least once: it forgets it only when {@link #acknowledge
 * acknowledged}, and gives it to another worker when the one that took it stops working
 * on it.
 *
 * @param <T> the job type
 */
public interface JobQueue<T> extends AutoCloseable {

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
	@Nullable T poll(Duration wait) throws InterruptedException;

	/** Jobs waiting now. */
	int size();

	/** Removes and returns every waiting job, for a shutdown. */
	java.util.List<T> drain();

	/**
	 * Queues a job unless one with the same {@code key} is queued or being worked on
	 * (single flight across nodes): the key is held for at most {@code hold}, and freed
	 * when that job is acknowledged.
	 */
	default Offered offerOnce(String key, T job, Duration hold) {
		return offer(job) ? Offered.QUEUED : Offered.FULL;
	}

	/**
	 * A job taken by {@link #poll} is finished, its result stored: a durable queue
	 * forgets it only now. Until then, a worker that dies leaves it to be taken again.
	 */
	default void acknowledge(T job) {
	}

	/**
	 * Gives up a taken job without finishing it (its result could not be stored): a
	 * durable queue stops confirming it, so that a worker takes it again after the
	 * reclaim time instead of at the end of its budget.
	 */
	default void release(T job) {
	}

	/** Lets go of what the queue holds in this process (connections, threads). */
	@Override
	default void close() {
	}

	/** How an {@link #offerOnce} went. */
	enum Offered {

		/** Queued now. */
		QUEUED,
		/** The same job is already queued or being worked on. */
		ALREADY_QUEUED,
		/** No room: refused. */
		FULL

	}

}
