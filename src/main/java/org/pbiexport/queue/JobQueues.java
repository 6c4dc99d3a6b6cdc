package org.pbiexport.queue;

/**
 * Makes the app's job queues: the in-process adapter on the embedded default; a
 * scaled-out deployment registers its own bean instead (the Redis adapter).
 */
public interface JobQueues {

	/**
	 * A new queue.
	 * @param name what waits in it, for logs and metrics
	 * @param capacity how many jobs may wait before offers are refused
	 */
	<T> JobQueue<T> create(String name, int capacity);

	/**
	 * A new fair queue: one lane per client, interactive jobs before background ones, and
	 * at most {@code perClient} jobs waiting per client (one whole batch when it has
	 * none).
	 */
	<T> JobQueue<T> create(String name, int capacity, int perClient, Fairness<T> fairness);

}
