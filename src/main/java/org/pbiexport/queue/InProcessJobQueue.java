package org.pbiexport.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** The embedded default's job queue: a bounded queue in this process. */
public final class InProcessJobQueue<T> implements JobQueue<T> {

	private final BlockingQueue<T> jobs;

	public InProcessJobQueue(int capacity) {
		this.jobs = new ArrayBlockingQueue<>(Math.max(1, capacity));
	}

	@Override
	public synchronized boolean offer(T job) {
		return this.jobs.offer(job);
	}

	/** All or none: offers are serialised, so the room seen is the room there is. */
	@Override
	public synchronized boolean offerAll(List<T> batch) {
		if (this.jobs.remainingCapacity() < batch.size()) {
			return false;
		}
		batch.forEach(this.jobs::add);
		return true;
	}

	@Override
	public boolean remove(T job) {
		return this.jobs.remove(job);
	}

	@Override
	public T poll(Duration wait) throws InterruptedException {
		return this.jobs.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public int size() {
		return this.jobs.size();
	}

	@Override
	public List<T> drain() {
		List<T> drained = new ArrayList<>();
		this.jobs.drainTo(drained);
		return drained;
	}

}
