package org.pbiexport.schedules;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import org.pbiexport.cluster.WorkerId;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Looks for due schedules every {@code pbi-export.schedules.poll} on every node that
 * answers HTTP (not on workers); {@link DueRuns} makes sure each run starts once in the
 * cluster.
 */
@Component
@ConditionalOnExpression("'${pbi-export.role:all}' != 'worker'")
class ScheduleTicker implements SmartLifecycle {

	private final DueRuns due;

	private final TaskScheduler scheduler;

	private final ScheduleProperties properties;

	private @Nullable ScheduledFuture<?> polling;

	ScheduleTicker(ScheduleStore store, ScheduleRunner runner, Optional<Clock> clock, WorkerId worker,
			TaskScheduler scheduler, ScheduleProperties properties) {
		this.due = new DueRuns(store, runner, clock.orElse(Clock.systemUTC()), worker.value());
		this.scheduler = scheduler;
		this.properties = properties;
	}

	/** Looks now, as the poll does. */
	void tick() {
		this.due.tick();
	}

	/** This instance's look for due runs. */
	DueRuns due() {
		return this.due;
	}

	@Override
	public synchronized void start() {
		this.polling = this.scheduler.scheduleWithFixedDelay(this::tick, Instant.now().plus(this.properties.poll()),
				this.properties.poll());
	}

	@Override
	public synchronized void stop() {
		if (this.polling != null) {
			this.polling.cancel(false);
			this.polling = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.polling != null;
	}

}
