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

	/**
	 * A queue whose jobs may outlive this process and be taken by another node: the Redis
	 * stream of a scaled-out deployment (jobs written by {@code codec}); in one process,
	 * an in-process queue like {@link #create(String, int, int, Fairness)}.
	 * @param workUntil the latest a job taken from it is worked on: after that a durable
	 * queue hands it to another worker, as it does when its worker dies
	 */
	default <T> JobQueue<T> durable(String name, int capacity, JobCodec<T> codec, Fairness<T> fairness,
			java.util.function.Function<T, java.time.Instant> workUntil) {
		return create(name, capacity, capacity, fairness);
	}

}
