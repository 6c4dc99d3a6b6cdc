package org.pbiexport.export;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.cache.Artifact;
import org.pbiexport.cache.ArtifactStore;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Jobs with one file per value of a filter ({@code each} on {@code POST /api/exports},
 * docs/contract.md): every value is admitted like a request of its own before the job
 * starts (so a value that cannot be is a 400 at once), then exported through the normal
 * path — cache, single flight, the render pool or, scaled out, the workers — a few at a
 * time, so that the renders spread without filling the queue. Each finished value goes
 * into the job's file on disk ({@link BurstArchive}) and counts towards its progress; a
 * value that fails is listed with its problem while the others are delivered. Only when
 * every value failed does the job fail.
 */
@Component
class BurstExport {

	/** The owner of finished jobs' progress in the artifact store. */
	static final String PROGRESS = "export-job-values";

	/** Values of one job exported at once. */
	private static final int IN_FLIGHT = 4;

	private static final Duration QUEUE_FULL_RETRY = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(BurstExport.class);

	private final ExportPlanner planner;

	private final ExportAdmission admission;

	private final ExportEngine engine;

	private final ExportJobs jobs;

	private final JobFiles files;

	private final ArtifactStore store;

	private final ExportProperties properties;

	private final Map<String, BurstProgress> running = new ConcurrentHashMap<>();

	private final ExportAudit audit;

	BurstExport(ExportPlanner planner, ExportAdmission admission, ExportEngine engine, ExportJobs jobs, JobFiles files,
			ArtifactStore store, ExportProperties properties, ExportAudit audit) {
		this.planner = planner;
		this.audit = audit;
		this.admission = admission;
		this.engine = engine;
		this.jobs = jobs;
		this.files = files;
		this.store = store;
		this.properties = properties;
	}

	/**
	 * Checks a request for one file per value and starts it as a job.
	 * @param body the request body, with {@code each} and the shared export
	 * @param caller who asked, for the export log: one row per value, with the job's id
	 * @throws ApiProblem what a direct export would answer (400, 404, 409, 429), with
	 * {@code each}, {@code each_values[i]} and {@code combine} named when at fault
	 */
	ExportJobs.Job start(BurstRequest burst, JsonNode body, ReportAccess access, String appBaseUrl,
			ExportAnswered.Caller caller) {
		Prepared prepared = prepare(burst, body, access, appBaseUrl);
		List<String> values = prepared.values();
		ExportPlan first = prepared.exports().get(0).plan();
		Duration runs = this.properties.jobs()
			.queueWait()
			.plus(this.engine.budget(first).multipliedBy((values.size() + IN_FLIGHT - 1) / IN_FLIGHT));
		return this.jobs.start(first.report().id().value(), burst.labels(values, first), runs,
				(jobId) -> run(jobId, burst.combine(), values, prepared.exports(), caller));
	}

	/** A run that is not a job: its file on disk when done, and the name people get. */
	record Detached(CompletableFuture<Path> file, String fileName) {
	}

	/**
	 * Checks and starts one file per value as {@link #start} does, for a schedule that
	 * waits on it: no job record, no export log rows (as for its single files). The
	 * caller deletes the file, else the job files' age limit does.
	 * @param id names the file and the progress ({@link #progress})
	 */
	Detached startDetached(BurstRequest burst, JsonNode body, String appBaseUrl, String id) {
		Prepared prepared = prepare(burst, body, ReportAccess.all(), appBaseUrl);
		ExportPlan shared = burst.sharedPlan(prepared.exports().get(0).plan());
		return new Detached(run(id, burst.combine(), prepared.values(), prepared.exports(), null),
				ExportEngine.fileName(shared));
	}

	/** The values to export and each one's admitted export. */
	private record Prepared(List<String> values, List<Admitted> exports) {
	}

	private Prepared prepare(BurstRequest burst, JsonNode body, ReportAccess access, String appBaseUrl) {
		ExportInput input;
		List<String> values;
		try {
			input = ExportBody.parse(BurstRequest.shared(body));
			values = burst.check(this.planner.report(input, access), input, this.properties.maxBurstValues());
		}
		catch (ApiProblem refused) {
			throw this.admission.counted(refused);
		}
		List<Admitted> exports = new ArrayList<>();
		for (String value : values) {
			exports.add(this.admission.admit(() -> burst.withValue(input, value), access, appBaseUrl));
		}
		return new Prepared(values, exports);
	}

	/** How far a job with one file per value is; empty for other jobs. */
	Optional<BurstProgress.Snapshot> progress(String jobId) {
		BurstProgress live = this.running.get(jobId);
		if (live != null) {
			return Optional.of(live.snapshot());
		}
		return this.store.get(PROGRESS, jobId).map((kept) -> BurstProgress.restored(kept.attributes()));
	}

	private CompletableFuture<Path> run(String jobId, boolean combine, List<String> values, List<Admitted> exports,
			ExportAnswered.@Nullable Caller caller) {
		CompletableFuture<Path> result = new CompletableFuture<>();
		BurstProgress progress = new BurstProgress(values.size());
		BurstArchive archive;
		try {
			archive = BurstArchive.open(this.files.path(jobId, combine ? ExportFormat.PDF : ExportFormat.ZIP), combine,
					exports.get(0).plan().report().title());
		}
		catch (IOException | RuntimeException ex) {
			log.error("Could not write the file of export job {}", jobId, ex);
			result.completeExceptionally(new IllegalStateException("The job's file could not be written."));
			return result;
		}
		this.running.put(jobId, progress);
		Run run = new Run(jobId, values, exports, archive, progress, result, caller);
		for (int i = 0; i < Math.min(IN_FLIGHT, values.size()); i++) {
			run.next();
		}
		return result;
	}

	/** One job's values on their way: the next to start, and what to do with each. */
	private final class Run {

		private final String jobId;

		private final List<String> values;

		private final List<Admitted> exports;

		private final BurstArchive archive;

		private final BurstProgress progress;

		private final CompletableFuture<Path> result;

		private final AtomicInteger next = new AtomicInteger();

		/** Who asked, for the export log; null for runs that are not logged. */
		private final ExportAnswered.@Nullable Caller caller;

		private final Instant created = Instant.now();

		Run(String jobId, List<String> values, List<Admitted> exports, BurstArchive archive, BurstProgress progress,
				CompletableFuture<Path> result, ExportAnswered.@Nullable Caller caller) {
			this.jobId = jobId;
			this.caller = caller;
			this.values = values;
			this.exports = exports;
			this.archive = archive;
			this.progress = progress;
			this.result = result;
		}

		void next() {
			int position = this.next.getAndIncrement();
			if (position < this.values.size()) {
				begin(position, System.nanoTime());
			}
		}

		/**
		 * Starts one value's export; a full queue is tried again within the queue wait.
		 */
		private void begin(int position, long since) {
			ExportEngine.Started started;
			try {
				started = BurstExport.this.engine.start(this.exports.get(position), true);
			}
			catch (ApiProblem refused) {
				Duration waited = Duration.ofNanos(System.nanoTime() - since);
				if (refused.status() == HttpStatus.TOO_MANY_REQUESTS
						&& waited.compareTo(BurstExport.this.properties.jobs().queueWait()) < 0) {
					CompletableFuture.delayedExecutor(QUEUE_FULL_RETRY.toMillis(), TimeUnit.MILLISECONDS)
						.execute(() -> begin(position, since));
				}
				else {
					finished(position, null, refused, false);
				}
				return;
			}
			started.file().whenCompleteAsync((file, failure) -> finished(position, file, failure, started.hit()));
		}

		private void finished(int position, ExportFile file, Throwable failure, boolean hit) {
			String value = this.values.get(position);
			if (this.caller != null) {
				BurstExport.this.audit.jobFinished(this.caller, this.exports.get(position), this.jobId, this.created,
						hit, (failure != null) ? ExportFailures.of(failure) : null);
			}
			synchronized (this) {
				if (file != null) {
					try {
						this.archive.add(position, value, file, pageNames(this.exports.get(position).plan()));
						this.progress.delivered(file);
					}
					catch (IOException | RuntimeException ex) {
						log.error("Export job {}: the file of '{}' could not be written", this.jobId, value, ex);
						this.progress.failed(value, ApiProblem.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
								"Internal error", "The file of this value could not be written to the job's file."));
					}
				}
				else {
					this.progress.failed(value, ExportFailures.of(failure));
				}
				if (this.progress.snapshot().done() == this.values.size()) {
					end();
					return;
				}
			}
			next();
		}

		private void end() {
			BurstProgress.Snapshot snapshot = this.progress.snapshot();
			try {
				BurstExport.this.store.put(PROGRESS, this.jobId,
						new Artifact(new byte[0], BurstProgress.attributes(snapshot)),
						BurstExport.this.properties.jobs().keep());
				if (snapshot.failed().size() == snapshot.total()) {
					this.archive.discard();
					ApiProblem first = snapshot.failed().get(0).problem();
					this.result.completeExceptionally(ApiProblem.of(first.status(),
							first.type().getPath().replaceFirst("^/problems/", ""), first.title(),
							"None of the " + snapshot.total() + " values could be exported; the first, '"
									+ snapshot.failed().get(0).value() + "': " + first.getMessage()));
				}
				else {
					this.result.complete(this.archive.finish());
				}
			}
			catch (IOException | RuntimeException ex) {
				log.error("Export job {}: its file could not be finished", this.jobId, ex);
				this.archive.discard();
				this.result.completeExceptionally(ex);
			}
			finally {
				BurstExport.this.running.remove(this.jobId);
			}
		}

	}

	private static List<String> pageNames(ExportPlan plan) {
		return plan.pages().stream().map(Page::displayName).toList();
	}

}
