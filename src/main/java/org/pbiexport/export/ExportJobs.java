package org.pbiexport.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.pbiexport.web.ApiProblem;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Exports followed as jobs ({@code POST /api/exports}): each job holds its render's
 * future; a job and its file are forgotten an hour after it finished. Kept in memory on
 * the embedded default.
 */
@Component
class ExportJobs {

	static final Duration KEEP_FINISHED = Duration.ofHours(1);

	private final ExportEngine engine;

	private final Clock clock = Clock.systemUTC();

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	ExportJobs(ExportEngine engine) {
		this.engine = engine;
	}

	/** One export job; {@code finishedAt} is set when its render completes either way. */
	static final class Job {

		private final String id;

		private final ExportPlan plan;

		private final Instant createdAt;

		private final CompletableFuture<ExportFile> file;

		private volatile Instant finishedAt;

		Job(String id, ExportPlan plan, Instant createdAt, CompletableFuture<ExportFile> file) {
			this.id = id;
			this.plan = plan;
			this.createdAt = createdAt;
			this.file = file;
		}

		String id() {
			return this.id;
		}

		ExportPlan plan() {
			return this.plan;
		}

		Instant createdAt() {
			return this.createdAt;
		}

		Instant finishedAt() {
			return this.finishedAt;
		}

		String status() {
			if (!this.file.isDone()) {
				return "running";
			}
			return this.file.isCompletedExceptionally() ? "failed" : "done";
		}

		Optional<ExportFile> result() {
			return (this.file.isDone() && !this.file.isCompletedExceptionally()) ? Optional.of(this.file.join())
					: Optional.empty();
		}

		Optional<ApiProblem> problem() {
			if (!this.file.isCompletedExceptionally()) {
				return Optional.empty();
			}
			Throwable failure = this.file.handle((file, error) -> error).join();
			while (failure != null && !(failure instanceof ApiProblem) && failure.getCause() != null) {
				failure = failure.getCause();
			}
			return Optional.of((failure instanceof ApiProblem problem) ? problem
					: ExportFailures.powerBiError("The export failed."));
		}

	}

	Job start(Admitted export) {
		String id = UUID.randomUUID().toString();
		CompletableFuture<ExportFile> file = this.engine.start(export).file();
		Job job = new Job(id, export.plan(), this.clock.instant(), file);
		file.whenComplete((result, failure) -> job.finishedAt = this.clock.instant());
		this.jobs.put(id, job);
		return job;
	}

	Optional<Job> find(String id) {
		return Optional.ofNullable(this.jobs.get(id)).filter((job) -> !expired(job));
	}

	@Scheduled(fixedDelay = 60_000)
	void forgetOldJobs() {
		this.jobs.values().removeIf(this::expired);
	}

	private boolean expired(Job job) {
		return job.finishedAt() != null && job.finishedAt().plus(KEEP_FINISHED).isBefore(this.clock.instant());
	}

}
