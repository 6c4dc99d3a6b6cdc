package org.pbiexport.schedules;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.export.ScheduledExports;
import org.pbiexport.web.ApiProblem;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;

/**
 * Carries out a run: records it, renders the export (as a background export, behind
 * people's; with {@code each}, one file per value in a zip or combined PDF on disk, the
 * values that failed named in the mail and the run, which is still {@code sent}), mails
 * it — attached up to {@code pbi-export.schedules.max-attachment}, else as a signed
 * download link — and records how it ended: {@code sent}, or {@code failed} with the
 * reason in words (the export's problem, or the mail server's answer).
 */
@Component
class ScheduleRunner implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);

	private final ScheduleStore store;

	private final ScheduledExports exports;

	private final ScheduleMail mail;

	private final ScheduleFileLinks links;

	private final ScheduleProperties properties;

	private final Clock clock;

	private final AtomicInteger threads = new AtomicInteger();

	private final ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "schedule-run-" + this.threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	ScheduleRunner(ScheduleStore store, ScheduledExports exports, ScheduleMail mail, ScheduleFileLinks links,
			ScheduleProperties properties, Optional<Clock> clock) {
		this.store = store;
		this.exports = exports;
		this.mail = mail;
		this.links = links;
		this.properties = properties;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** A started run: its id, and its end to wait on. */
	record Started(long runId, Future<?> done) {
	}

	/**
	 * Records a run and carries it out in the background.
	 * @param trigger {@code cron} or {@code manual}
	 * @param dueAt the time the cron expression said, or null
	 * @param instance the instance that runs it
	 */
	Started start(Schedule schedule, String trigger, @Nullable Instant dueAt, String instance) {
		long runId = this.store.startRun(schedule.id(), trigger, dueAt, this.clock.instant(), instance);
		return new Started(runId, this.executor.submit(() -> run(schedule, runId)));
	}

	private void run(Schedule schedule, long runId) {
		String error;
		try {
			if (schedule.draft().each() != null) {
				try (ScheduledExports.Burst burst = this.exports.renderEach(schedule.draft().exportRequest())) {
					deliver(schedule, runId, ScheduleMail.Attachment.of(burst), left(burst));
				}
			}
			else {
				deliver(schedule, runId,
						ScheduleMail.Attachment.of(this.exports.render(schedule.draft().exportRequest())), null);
			}
			return;
		}
		catch (ApiProblem ex) {
			error = "The export failed: " + words(ex);
		}
		catch (MailException ex) {
			error = ScheduleMail.words(ex);
		}
		catch (RuntimeException ex) {
			String incident = UUID.randomUUID().toString().substring(0, 8);
			log.error("Schedule {} run {} failed unexpectedly (incident {})", schedule.id(), runId, incident, ex);
			error = "An unexpected failure; the server's log has the details under incident " + incident + ".";
		}
		log.warn("Schedule {} ('{}') run {} failed: {}", schedule.id(), schedule.draft().name(), runId, error);
		try {
			this.store.finishRun(runId, this.clock.instant(), "failed", error, null, null, null);
			prune(schedule);
		}
		catch (RuntimeException ex) {
			log.error("Could not record the end of schedule run {}", runId, ex);
		}
	}

	/**
	 * Mails the file, attached or as a link to the copy kept for it, and records the run
	 * as sent, with {@code note} (values left out) as its error when there is one.
	 */
	private void deliver(Schedule schedule, long runId, ScheduleMail.Attachment file, @Nullable String note) {
		Instant now = this.clock.instant();
		boolean attach = file.size() <= this.properties.maxAttachment().toBytes();
		String link = null;
		if (!attach) {
			Instant expires = now.plus(this.properties.linkValidFor());
			this.store.keepFile(runId, file.fileName(), file.contentType(), file.content(), file.size(), expires);
			link = this.links.url(runId, expires);
		}
		this.mail.send(schedule, file, link, now.atZone(ZoneId.of(schedule.draft().timeZone())), note);
		this.store.finishRun(runId, this.clock.instant(), "sent", note, file.fileName(), file.size(),
				attach ? "attached" : "link");
		log.info("Schedule {} ('{}') sent {} to {} recipients ({}){}", schedule.id(), schedule.draft().name(),
				file.fileName(), schedule.draft().recipients().size(), attach ? "attached" : "as a link",
				(note != null) ? "; " + note : "");
		prune(schedule);
	}

	/**
	 * The values a file with one file per value lacks, and why, in words; null when it
	 * has them all.
	 */
	static @Nullable String left(ScheduledExports.Burst burst) {
		if (burst.failed().isEmpty()) {
			return null;
		}
		return "Sent " + (burst.values() - burst.failed().size()) + " of " + burst.values() + " values; not exported: "
				+ ScheduledExports.FailedValue.words(burst.failed());
	}

	private void prune(Schedule schedule) {
		this.store.pruneRuns(schedule.id(), this.properties.keepRuns());
	}

	static String words(ApiProblem problem) {
		if (problem.errors().isEmpty()) {
			return problem.getMessage();
		}
		StringBuilder text = new StringBuilder();
		problem.errors()
			.forEach((error) -> text.append((text.length() > 0) ? "; " : "")
				.append(error.field())
				.append(": ")
				.append(error.message()));
		return text.toString();
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
