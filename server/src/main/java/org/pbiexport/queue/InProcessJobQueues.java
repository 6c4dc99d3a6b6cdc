package org.pbiexport.queue;

/**
 * Queues in this process: the embedded default's for everything, and a scaled-out node's
 * for what never leaves it (a worker's renders waiting for a browser).
 */
public final class InProcessJobQueues implements JobQueues {

	@Override
	public <T> JobQueue<T> create(String name, int capacity) {
		return new InProcessJobQueue<>(capacity);
	}

	@Override
	public <T> JobQueue<T> create(String name, int capacity, int perClient, Fairness<T> fairness) {
		return new InProcessJobQueue<>(capacity, perClient, fairness);
	}

}
