package org.pbiexport.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries behind the jobs a {@link RedisJobQueue} handed out or offered, keyed by the
 * job objects themselves (two equal jobs are two entries), and the heartbeat that keeps
 * the handed-out ones this worker's: every third of {@code reclaimAfter} it resets their
 * idle time, for each job until its {@code workUntil} plus {@code reclaimAfter}.
 */
final class RedisQueueHeartbeat<T> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisQueueHeartbeat.class);

	/** Handed out by poll, not acknowledged yet. */
	final Map<T, Entry> taken = Collections.synchronizedMap(new IdentityHashMap<>());

	/** Offered here, until removed or past their {@code workUntil}. */
	final Map<T, Entry> offered = Collections.synchronizedMap(new IdentityHashMap<>());

	private final String name;

	private final RedisStreamLanes lanes;

	private final Duration reclaimAfter;

	private final Function<T, Instant> workUntil;

	private final ScheduledExecutorService executor;

	private volatile boolean failing;

	RedisQueueHeartbeat(String name, RedisStreamLanes lanes, Duration reclaimAfter, Function<T, Instant> workUntil) {
		this.name = name;
		this.lanes = lanes;
		this.reclaimAfter = reclaimAfter;
		this.workUntil = workUntil;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "queue-heartbeat-" + name);
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, reclaimAfter.toMillis() / 3);
		this.executor.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * Confirms the jobs still worked on within their budget and forgets stale offers. A
	 * failure is logged once per outage and the next beat tries again.
	 */
	void beat() {
		try {
			Instant now = Instant.now();
			Map<String, List<String>> confirming = new HashMap<>();
			synchronized (this.taken) {
				this.taken.forEach((job, entry) -> {
					if (now.isBefore(this.workUntil.apply(job).plus(this.reclaimAfter))) {
						confirming.computeIfAbsent(entry.lane(), (lane) -> new ArrayList<>()).add(entry.id());
					}
				});
			}
			synchronized (this.offered) {
				this.offered.keySet().removeIf((job) -> !now.isBefore(this.workUntil.apply(job)));
			}
			confirming.forEach(this.lanes::confirm);
			if (this.failing) {
				this.failing = false;
				log.info("Queue {} confirms its jobs again", this.name);
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				log.warn("Queue {} cannot confirm its jobs, retrying: {}", this.name, ex.toString());
			}
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/** Where a job's entry is: its stream, its id, and its single-flight key if any. */
	record Entry(String lane, String id, @Nullable String onceKey) {
	}

}
