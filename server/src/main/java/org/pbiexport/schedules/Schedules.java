package org.pbiexport.schedules;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.cluster.WorkerId;
import org.pbiexport.web.ApiProblem;

import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;

/**
 * What the admin API and the admin page do with schedules, in one place: every write is
 * checked by {@link ScheduleRules} and sets the next run time from now, so a schedule
 * saved or enabled again never runs for times before it.
 */
@Service
class Schedules {

	private static final Logger log = LoggerFactory.getLogger(Schedules.class);

	private final ScheduleStore store;

	private final ScheduleRules rules;

	private final ScheduleRunner runner;

	private final Clock clock;

	private final String instance;

	private final ScheduleProperties properties;

	Schedules(ScheduleStore store, ScheduleRules rules, ScheduleRunner runner, Optional<Clock> clock, WorkerId worker,
			ScheduleProperties properties) {
		this.store = store;
		this.rules = rules;
		this.runner = runner;
		this.clock = clock.orElse(Clock.systemUTC());
		this.instance = worker.value();
		this.properties = properties;
	}

	Instant now() {
		return this.clock.instant();
	}

	List<Schedule> list() {
		return this.store.list();
	}

	Schedule get(long id) {
		return this.store.find(id).orElseThrow(() -> unknown(id));
	}

	Schedule create(JsonNode document, String actor) {
		Schedule.Draft draft = this.rules.read(document);
		Instant now = now();
		Schedule created = this.store.create(draft, nextRun(draft, now), actor, now);
		log.info("{} made schedule {} ('{}'), {} in {}", actor, created.id(), draft.name(), draft.cron(),
				draft.timeZone());
		return created;
	}

	Schedule update(long id, JsonNode document, String actor) {
		get(id);
		Schedule.Draft draft = this.rules.read(document);
		Instant now = now();
		Schedule updated = this.store.update(id, draft, nextRun(draft, now), actor, now).orElseThrow(() -> unknown(id));
		log.info("{} changed schedule {} ('{}')", actor, id, draft.name());
		return updated;
	}

	void delete(long id, String actor) {
		if (!this.store.delete(id)) {
			throw unknown(id);
		}
		log.info("{} deleted schedule {}", actor, id);
	}

	/** Starts a run now, whatever the schedule's times, enabled or not. */
	ScheduleRunner.Started runNow(long id, String actor) {
		Schedule schedule = get(id);
		log.info("{} started schedule {} ('{}') now", actor, id, schedule.draft().name());
		return this.runner.start(schedule, "manual", null, this.instance);
	}

	List<Schedule.Run> runs(long id) {
		return this.store.runs(id, this.properties.keepRuns());
	}

	private static @Nullable Instant nextRun(Schedule.Draft draft, Instant now) {
		return draft.enabled() ? CronTimes.nextAfter(draft.cron(), draft.timeZone(), now) : null;
	}

	static ApiProblem unknown(long id) {
		return ApiProblem.notFound("There is no schedule with id " + id + ".");
	}

}
