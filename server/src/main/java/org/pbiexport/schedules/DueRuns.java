package org.pbiexport.schedules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's look for due schedules. A schedule is due when its next run time has
 * come; the instance that moves that time forward in the database (an update that
 * succeeds only while the time is still the one it read) runs it, so two instances on one
 * database start one run, and send one mail. The new next run is the first time after
 * now, so after downtime the missed runs are made up by one run, not one per missed time.
 */
class DueRuns {

	private static final Logger log = LoggerFactory.getLogger(DueRuns.class);

	/**
	 * A run still running after this long was abandoned: an export's queue wait and time
	 * budget and a mail's timeouts together stay well below it.
	 */
	static final Duration ABANDONED_AFTER = Duration.ofHours(2);

	private final ScheduleStore store;

	private final ScheduleRunner runner;

	private final Clock clock;

	private final String instance;

	DueRuns(ScheduleStore store, ScheduleRunner runner, Clock clock, String instance) {
		this.store = store;
		this.runner = runner;
		this.clock = clock;
		this.instance = instance;
	}

	/** Starts the runs that are due now and this instance took; their starts. */
	List<ScheduleRunner.Started> tick() {
		List<ScheduleRunner.Started> started = new ArrayList<>();
		Instant now = this.clock.instant();
		try {
			this.store.dropExpiredFiles(now);
			this.store.failAbandoned(now.minus(ABANDONED_AFTER), now);
			for (Schedule schedule : this.store.due(now)) {
				Instant dueAt = schedule.nextRun();
				if (dueAt == null) {
					continue;
				}
				@Nullable Instant next = CronTimes.nextAfter(schedule.draft().cron(), schedule.draft().timeZone(), now);
				if (this.store.claim(schedule.id(), dueAt, next)) {
					started.add(this.runner.start(schedule, "cron", dueAt, this.instance));
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not look for due schedules ({}); trying again at the next poll", ex.getMessage());
		}
		return started;
	}

}
