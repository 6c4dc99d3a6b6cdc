package org.pbiexport.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;
import org.pbiexport.queue.RedisQueueHeartbeat.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a worker takes jobs from the lanes of a {@link RedisJobQueue}: an abandoned job
 * first, then new ones, interactive before background, waiting on the interactive lane
 * over a connection of its own. A job taken is remembered by the heartbeat until it is
 * acknowledged.
 */
final class RedisLaneReader<T> {

	private static final Logger log = LoggerFactory.getLogger(RedisLaneReader.class);

	private final RedisStreamLanes lanes;

	private final JobCodec<T> codec;

	private final RedisQueueHeartbeat<T> heartbeat;

	private final Duration reclaimAfter;

	private final StatefulRedisConnection<String, String> blocking;

	private final Duration commandTimeout;

	private final ReentrantLock blockingRead = new ReentrantLock();

	private final AtomicLong reclaimed = new AtomicLong();

	private volatile long nextReclaim = System.nanoTime();

	/**
	 * @param blocking the connection for blocking reads, used by nothing else
	 */
	RedisLaneReader(RedisStreamLanes lanes, JobCodec<T> codec, RedisQueueHeartbeat<T> heartbeat, Duration reclaimAfter,
			StatefulRedisConnection<String, String> blocking) {
		this.lanes = lanes;
		this.codec = codec;
		this.heartbeat = heartbeat;
		this.reclaimAfter = reclaimAfter;
		this.blocking = blocking;
		this.commandTimeout = blocking.getTimeout();
	}

	/**
	 * Reclaims an abandoned job first (checked at most every half {@code reclaimAfter}
	 * while none is found), then reads new ones, interactive before background.
	 */
	@Nullable T poll(Duration wait) throws InterruptedException {
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

	private @Nullable T reclaim() {
		if (System.nanoTime() - this.nextReclaim < 0) {
			return null;
		}
		for (String lane : List.of(this.lanes.interactive, this.lanes.background)) {
			StreamMessage<String, String> message = this.lanes.claimIdle(lane, this.reclaimAfter);
			if (message != null) {
				this.reclaimed.incrementAndGet();
				log.info("Reclaimed job {} of {}: its worker stopped confirming it", message.getId(), lane);
				T job = handOut(message);
				if (job != null) {
					return job;
				}
			}
		}
		this.nextReclaim = System.nanoTime() + this.reclaimAfter.toNanos() / 2;
		return null;
	}

	/**
	 * Waits on the interactive lane over the dedicated connection, one poller at a time
	 * (Redis answers a connection's commands in turn), with a command timeout that covers
	 * the wait.
	 */
	private @Nullable StreamMessage<String, String> readBlocking(long deadline) throws InterruptedException {
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
	private @Nullable T handOut(@Nullable StreamMessage<String, String> message) {
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

	/** Abandoned jobs taken over from a worker that stopped confirming them. */
	long reclaimed() {
		return this.reclaimed.get();
	}

}
