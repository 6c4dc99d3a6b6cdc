package org.pbiexport.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.pbiexport.queue.RedisQueueHeartbeat.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger log = LoggerFactory.getLogger(RedisJobQueue.class);

	private final Settings settings;

	private final JobCodec<T> codec;

	private final Fairness<T> fairness;

	private final StatefulRedisConnection<String, String> shared;

	private final StatefulRedisConnection<String, String> blocking;

	private final Duration commandTimeout;

	private final ReentrantLock blockingRead = new ReentrantLock();

	private final RedisStreamLanes lanes;

	private final RedisQueueHeartbeat<T> heartbeat;

	private final AtomicLong reclaimed = new AtomicLong();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile long nextReclaim = System.nanoTime();

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
		this.commandTimeout = this.blocking.getTimeout();
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

	private Offered add(List<T> batch, String onceKey, Duration hold) {
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
	public T poll(Duration wait) throws InterruptedException {
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		long deadline = System.nanoTime() + wait.toNanos();
		T job = reclaim();
		if (job == null) {
			job = handOut(this.lanes.read(this.lanes.interactive));
		}
		if (job == null) {
			job = handOut(this.lanes.read(this.lanes.background));
		}
		if (job == null) {
			job = handOut(readBlocking(deadline));
		}
		if (job == null) {
			job = handOut(this.lanes.read(this.lanes.background));
		}
		return job;
	}

	private T reclaim() {
		if (System.nanoTime() - this.nextReclaim < 0) {
			return null;
		}
		for (String lane : List.of(this.lanes.interactive, this.lanes.background)) {
			StreamMessage<String, String> message = this.lanes.claimIdle(lane, this.settings.reclaimAfter());
			if (message != null) {
				this.reclaimed.incrementAndGet();
				log.info("Reclaimed job {} of {}: its worker stopped confirming it", message.getId(), lane);
				T job = handOut(message);
				if (job != null) {
					return job;
				}
			}
		}
		this.nextReclaim = System.nanoTime() + this.settings.reclaimAfter().toNanos() / 2;
		return null;
	}

	/**
	 * Waits on the interactive lane over the dedicated connection, one poller at a time
	 * (Redis answers a connection's commands in turn), with a command timeout that covers
	 * the wait.
	 */
	private StreamMessage<String, String> readBlocking(long deadline) throws InterruptedException {
		if (!this.blockingRead.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
			return null;
		}
		try {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return null;
			}
			Duration wait = Duration.ofNanos(remaining);
			this.blocking.setTimeout(this.commandTimeout.plus(wait));
			return this.lanes.readBlocking(this.blocking.sync(), this.lanes.interactive, wait);
		}
		finally {
			this.blockingRead.unlock();
		}
	}

	/**
	 * The job of an entry, remembered until acknowledged; null for none, or for an entry
	 * this codec cannot read, which is dropped (it would otherwise be handed out
	 * forever).
	 */
	private T handOut(StreamMessage<String, String> message) {
		if (message == null) {
			return null;
		}
		String onceKey = message.getBody().get(RedisStreamLanes.ONCE_FIELD);
		try {
			T job = this.codec.decode(RedisStreamLanes.jobFields(message));
			this.heartbeat.taken.put(job, new Entry(message.getStream(), message.getId(), onceKey));
			return job;
		}
		catch (RuntimeException ex) {
			log.error("Dropped entry {} of {}: unreadable ({})", message.getId(), message.getStream(), ex.toString());
			this.lanes.acknowledge(message.getStream(), message.getId(), onceKey);
			return null;
		}
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
		return this.reclaimed.get();
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
