package org.pbiexport.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import org.pbiexport.queue.RedisQueueHeartbeat.Entry;

/**
 * The job queue of a scaled-out deployment, on Redis Streams: an interactive and a
 * background lane, read by every worker through one consumer group, interactive first.
 * The capacity counts the entries of both lanes, waiting or taken, as an acknowledged
 * entry is deleted; the check and the add are one Lua script, so nodes offering at once
 * never overfill it. There is no fairness between clients here: only the lanes.
 * <p>
 * A job taken and not acknowledged stays pending under its worker. While that worker
 * lives, and no longer than the job's {@code workUntil} plus {@code reclaimAfter}, a
 * heartbeat keeps the entry's idle time low; past that, the next worker to poll reclaims
 * it. Entries carry the codec's fields plus reserved ones starting with {@code _}
 * ({@code _once}: the single-flight key of an {@link #offerOnce}).
 * <p>
 * Redis failures propagate as {@link io.lettuce.core.RedisException}; Lettuce reconnects
 * by itself, so a later call succeeds again once Redis is back.
 */
public final class RedisJobQueue<T> implements JobQueue<T>, AutoCloseable {

	private final Settings settings;

	private final JobCodec<T> codec;

	private final Fairness<T> fairness;

	private final StatefulRedisConnection<String, String> shared;

	private final StatefulRedisConnection<String, String> blocking;

	private final RedisStreamLanes lanes;

	private final RedisQueueHeartbeat<T> heartbeat;

	private final RedisLaneReader<T> reader;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Opens two connections (one for blocking reads) and creates the consumer group:
	 * fails when Redis cannot be reached, as a node that needs it must not start without.
	 */
	public RedisJobQueue(RedisClient client, Settings settings, JobCodec<T> codec, Fairness<T> fairness,
			Function<T, Instant> workUntil) {
		this.settings = settings;
		this.codec = codec;
		this.fairness = fairness;
		this.shared = client.connect(StringCodec.UTF8);
		try {
			this.blocking = client.connect(StringCodec.UTF8);
		}
		catch (RuntimeException ex) {
			this.shared.close();
			throw ex;
		}
		this.lanes = new RedisStreamLanes(this.shared.sync(), settings.keyPrefix(), settings.name(),
				settings.consumer());
		try {
			this.lanes.createGroups();
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
		this.heartbeat = new RedisQueueHeartbeat<>(settings.name(), this.lanes, settings.reclaimAfter(), workUntil);
		this.reader = new RedisLaneReader<>(this.lanes, codec, this.heartbeat, settings.reclaimAfter(), this.blocking);
	}

	@Override
	public boolean offer(T job) {
		return offerAll(List.of(job));
	}

	@Override
	public boolean offerAll(List<T> batch) {
		return batch.isEmpty() || add(batch, null, null) == Offered.QUEUED;
	}

	@Override
	public Offered offerOnce(String key, T job, Duration hold) {
		return add(List.of(job), this.lanes.onceKey(key), hold);
	}

	private Offered add(List<T> batch, @Nullable String onceKey, @Nullable Duration hold) {
		List<String> jobs = new ArrayList<>();
		for (T job : batch) {
			RedisStreamLanes.appendJob(jobs, this.fairness.background(job), this.codec.encode(job));
		}
		List<String> result = this.lanes.add(this.settings.capacity(), onceKey, hold, jobs);
		Offered offered = Offered.valueOf(result.get(0));
		if (offered == Offered.QUEUED) {
			for (int i = 0; i < batch.size(); i++) {
				T job = batch.get(i);
				this.heartbeat.offered.put(job, new Entry(lane(job), result.get(i + 1), onceKey));
			}
		}
		return offered;
	}

	/**
	 * Takes back a job this instance offered, if no worker took it yet. A job offered by
	 * another node cannot be taken back here: the worker drops it when its time is up.
	 */
	@Override
	public boolean remove(T job) {
		Entry entry = this.heartbeat.offered.remove(job);
		return entry != null && this.lanes.withdraw(entry.lane(), entry.id(), entry.onceKey());
	}

	/**
	 * Reclaims an abandoned job first (checked at most every half {@code reclaimAfter}
	 * while none is found), then reads new ones, interactive before background.
	 */
	@Override
	public @Nullable T poll(Duration wait) throws InterruptedException {
		return this.reader.poll(wait);
	}

	@Override
	public void acknowledge(T job) {
		Entry entry = this.heartbeat.taken.get(job);
		if (entry != null) {
			this.lanes.acknowledge(entry.lane(), entry.id(), entry.onceKey());
			this.heartbeat.taken.remove(job);
		}
	}

	/**
	 * Stops confirming a taken job: another worker (or this one) takes it again after
	 * {@code reclaimAfter}.
	 */
	@Override
	public void release(T job) {
		this.heartbeat.taken.remove(job);
	}

	/** Entries of both lanes: waiting, and taken but not acknowledged yet. */
	@Override
	public int size() {
		return this.lanes.size();
	}

	/** Jobs this instance handed out and that are not acknowledged yet. */
	public int inProgress() {
		return this.heartbeat.taken.size();
	}

	/**
	 * Abandoned jobs this instance took over from a worker that stopped confirming them.
	 */
	public long reclaimed() {
		return this.reader.reclaimed();
	}

	/** Nothing: waiting jobs stay in the stream for the other workers. */
	@Override
	public List<T> drain() {
		return List.of();
	}

	/**
	 * Stops confirming and closes the connections. Jobs taken and not acknowledged stay
	 * pending: another worker reclaims them after {@code reclaimAfter}.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		if (this.heartbeat != null) {
			this.heartbeat.close();
		}
		this.shared.close();
		this.blocking.close();
	}

	private String lane(T job) {
		return this.lanes.lane(this.fairness.background(job));
	}

	/**
	 * @param keyPrefix prefix of every key ({@code pbi-export:})
	 * @param name the queue's name, part of its keys
	 * @param capacity entries both lanes may hold, waiting or taken
	 * @param consumer this worker's name in the consumer group
	 * @param reclaimAfter how long a taken job may go unconfirmed before another worker
	 * takes it over
	 */
	public record Settings(String keyPrefix, String name, int capacity, String consumer, Duration reclaimAfter) {

		public Settings {
			if (capacity < 1 || reclaimAfter.isNegative() || reclaimAfter.isZero()) {
				throw new IllegalArgumentException("capacity and reclaimAfter must be positive");
			}
		}

	}

}
