package org.pbiexport.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.lettuce.core.RedisClient;

/**
 * A scaled-out node's queues: durable ones on Redis Streams, shared by every node; the
 * rest in this process.
 */
public final class RedisJobQueues implements JobQueues {

	private final JobQueues local = new InProcessJobQueues();

	private final RedisClient client;

	private final String keyPrefix;

	private final String consumer;

	private final Duration reclaimAfter;

	private final BiConsumer<String, RedisJobQueue<?>> opened;

	/**
	 * @param consumer this node's name in the streams' consumer groups
	 * @param opened told of each durable queue made, with its name, e.g. to publish its
	 * metrics
	 */
	public RedisJobQueues(RedisClient client, String keyPrefix, String consumer, Duration reclaimAfter,
			BiConsumer<String, RedisJobQueue<?>> opened) {
		this.client = client;
		this.keyPrefix = keyPrefix;
		this.consumer = consumer;
		this.reclaimAfter = reclaimAfter;
		this.opened = opened;
	}

	@Override
	public <T> JobQueue<T> create(String name, int capacity) {
		return this.local.create(name, capacity);
	}

	@Override
	public <T> JobQueue<T> create(String name, int capacity, int perClient, Fairness<T> fairness) {
		return this.local.create(name, capacity, perClient, fairness);
	}

	@Override
	public <T> JobQueue<T> durable(String name, int capacity, JobCodec<T> codec, Fairness<T> fairness,
			Function<T, Instant> workUntil) {
		RedisJobQueue<T> queue = new RedisJobQueue<>(this.client,
				new RedisJobQueue.Settings(this.keyPrefix, name, capacity, this.consumer, this.reclaimAfter), codec,
				fairness, workUntil);
		this.opened.accept(name, queue);
		return queue;
	}

}
