package org.pbiexport.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Queues of test jobs on the shared Redis under a fresh key prefix, or on a private one;
 * closing it closes them and deletes the prefix's keys.
 */
final class RedisQueueFixture implements AutoCloseable {

	static final Duration RECLAIM_AFTER = Duration.ofSeconds(1);

	static final JobCodec<Job> CODEC = new JobCodec<>() {
		@Override
		public Map<String, String> encode(Job job) {
			return Map.of("name", job.name(), "background", Boolean.toString(job.background()), "until",
					Long.toString(job.until().toEpochMilli()));
		}

		@Override
		public Job decode(Map<String, String> fields) {
			return new Job(fields.get("name"), Boolean.parseBoolean(fields.get("background")),
					Instant.ofEpochMilli(Long.parseLong(fields.get("until"))));
		}
	};

	static final Fairness<Job> FAIRNESS = new Fairness<>() {
		@Override
		public String client(Job job) {
			return "";
		}

		@Override
		public boolean background(Job job) {
			return job.background();
		}
	};

	final String prefix = LocalRedis.prefix();

	final RedisClient shared;

	private final List<Runnable> closing = new ArrayList<>();

	/** Needs the shared Redis: skips, or fails in CI, without it. */
	RedisQueueFixture() {
		LocalRedis.requireShared();
		this.shared = LocalRedis.client(LocalRedis.SHARED_PORT);
	}

	/** A queue named "exports" on the shared Redis, reclaiming after one second. */
	RedisJobQueue<Job> queue(String consumer, int capacity) {
		return queue(this.shared, consumer, capacity);
	}

	RedisJobQueue<Job> queue(RedisClient client, String consumer, int capacity) {
		RedisJobQueue<Job> queue = new RedisJobQueue<>(client,
				new RedisJobQueue.Settings(this.prefix, "exports", capacity, consumer, RECLAIM_AFTER), CODEC, FAIRNESS,
				Job::until);
		this.closing.add(queue::close);
		return queue;
	}

	RedisClient client(LocalRedis redis) {
		RedisClient client = LocalRedis.client(redis.port());
		this.closing.add(client::shutdown);
		return client;
	}

	RedisCommands<String, String> commands(RedisClient client) {
		StatefulRedisConnection<String, String> connection = client.connect();
		this.closing.add(connection::close);
		return connection.sync();
	}

	@Override
	public void close() {
		for (int i = this.closing.size() - 1; i >= 0; i--) {
			this.closing.get(i).run();
		}
		LocalRedis.clean(this.shared, this.prefix);
		this.shared.shutdown();
	}

	/** A test job: a background one waits behind interactive ones. */
	record Job(String name, boolean background, Instant until) {

		static Job interactive(String name) {
			return new Job(name, false, Instant.now().plus(Duration.ofMinutes(5)));
		}

		static Job background(String name) {
			return new Job(name, true, Instant.now().plus(Duration.ofMinutes(5)));
		}

	}

}
