package org.pbiexport.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The embedded default's job queue: bounded, in this process, and fair. Jobs wait in one
 * lane per client; {@link #poll} takes interactive jobs before background ones and,
 * within each, one job per client in turn, so a client with many jobs waiting cannot keep
 * another's first job behind all of its own. A client may have at most {@code perClient}
 * jobs waiting, unless it has none: then one whole batch fits.
 */
public final class InProcessJobQueue<T> implements JobQueue<T> {

	private final int capacity;

	private final int perClient;

	private final Fairness<T> fairness;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition waiting = this.lock.newCondition();

	private final Map<String, Deque<T>> interactive = new LinkedHashMap<>();

	private final Map<String, Deque<T>> background = new LinkedHashMap<>();

	private int size;

	/** A queue where every job is one client's, interactive. */
	public InProcessJobQueue(int capacity) {
		this(capacity, capacity, Fairness.none());
	}

	public InProcessJobQueue(int capacity, int perClient, Fairness<T> fairness) {
		this.capacity = Math.max(1, capacity);
		this.perClient = Math.max(1, perClient);
		this.fairness = fairness;
	}

	@Override
	public boolean offer(T job) {
		return offerAll(List.of(job));
	}

	/** All or none: the room seen is the room there is, under one lock. */
	@Override
	public boolean offerAll(List<T> batch) {
		this.lock.lock();
		try {
			if (this.size + batch.size() > this.capacity || !clientRoom(batch)) {
				return false;
			}
			for (T job : batch) {
				lanes(job).computeIfAbsent(this.fairness.client(job), (client) -> new ArrayDeque<>()).add(job);
				this.size++;
			}
			this.waiting.signalAll();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean clientRoom(List<T> batch) {
		Map<String, Integer> adding = new LinkedHashMap<>();
		batch.forEach((job) -> adding.merge(this.fairness.client(job), 1, Integer::sum));
		for (Map.Entry<String, Integer> client : adding.entrySet()) {
			int queued = queued(client.getKey());
			if (queued > 0 && queued + client.getValue() > this.perClient) {
				return false;
			}
		}
		return true;
	}

	private int queued(String client) {
		return count(this.interactive.get(client)) + count(this.background.get(client));
	}

	private static int count(Deque<?> lane) {
		return (lane != null) ? lane.size() : 0;
	}

	private Map<String, Deque<T>> lanes(T job) {
		return this.fairness.background(job) ? this.background : this.interactive;
	}

	@Override
	public @Nullable T poll(Duration wait) throws InterruptedException {
		long nanos = wait.toNanos();
		this.lock.lockInterruptibly();
		try {
			while (this.size == 0) {
				if (nanos <= 0) {
					return null;
				}
				nanos = this.waiting.awaitNanos(nanos);
			}
			return take();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Interactive jobs first, then background ones; null when none waits. */
	private @Nullable T take() {
		T job = next(this.interactive);
		return (job != null) ? job : next(this.background);
	}

	/** The first client's next job; that client then goes to the back of the line. */
	private @Nullable T next(Map<String, Deque<T>> lanes) {
		var first = lanes.entrySet().iterator();
		if (!first.hasNext()) {
			return null;
		}
		Map.Entry<String, Deque<T>> lane = first.next();
		first.remove();
		T job = lane.getValue().poll();
		if (!lane.getValue().isEmpty()) {
			lanes.put(lane.getKey(), lane.getValue());
		}
		this.size--;
		return job;
	}

	@Override
	public boolean remove(T job) {
		this.lock.lock();
		try {
			Map<String, Deque<T>> lanes = lanes(job);
			String client = this.fairness.client(job);
			Deque<T> lane = lanes.get(client);
			if (lane == null || !lane.remove(job)) {
				return false;
			}
			if (lane.isEmpty()) {
				lanes.remove(client);
			}
			this.size--;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int size() {
		this.lock.lock();
		try {
			return this.size;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public List<T> drain() {
		this.lock.lock();
		try {
			List<T> drained = new ArrayList<>();
			for (T job = take(); job != null; job = take()) {
				drained.add(job);
			}
			return drained;
		}
		finally {
			this.lock.unlock();
		}
	}

}
