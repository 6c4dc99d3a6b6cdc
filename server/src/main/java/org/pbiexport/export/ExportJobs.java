package org.pbiexport.export;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.cache.Artifact;
import org.pbiexport.cache.ArtifactStore;
import org.pbiexport.cluster.ClusterProperties;
import org.pbiexport.web.ApiProblem;

import org.springframework.stereotype.Component;

/**
 * Exports followed as jobs ({@code POST /api/exports}). A job's record (its report,
 * times, status, problem, file labels) and its file are kept in the artifact store, so
 * that on the disk tier they outlive a restart for as long as they are said to be kept; a
 * job that was running when the app stopped is then reported as interrupted. Job files
 * have bounds of their own (count and bytes, {@code pbi-export.export.jobs.*}): the
 * oldest are dropped first, and their jobs say so. Only running jobs are held in memory.
 */
@Component
class ExportJobs {

	/** The owner of job records in the artifact store. */
	static final String RECORDS = "export-jobs";

	private static final Logger log = LoggerFactory.getLogger(ExportJobs.class);

	/**
	 * How often, and how far apart, a finished job is offered to an unavailable store.
	 */
	private static final int STORE_ATTEMPTS = 24;

	private static final Duration STORE_RETRY = Duration.ofSeconds(5);

	/** The owner of job files in the artifact store. */
	static final String FILES = "export-job-files";

	private final ExportEngine engine;

	private final ArtifactStore store;

	private final JobFiles files;

	private final ExportProperties.Jobs settings;

	private final Clock clock = Clock.systemUTC();

	private final Map<String, Job> running = new ConcurrentHashMap<>();

	/** Files kept, oldest first: id → size and expiry. */
	private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>();

	private long keptBytes;

	/**
	 * Whether other nodes run jobs too, so that one running elsewhere is not interrupted.
	 */
	private final boolean scaledOut;

	/** The cache key of each running job, to ask which worker took it. */
	private final Map<String, CacheKey> keys = new ConcurrentHashMap<>();

	private final ExportAudit audit;

	ExportJobs(ExportEngine engine, ArtifactStore store, ExportProperties properties, ClusterProperties cluster,
			JobFiles files, ExportAudit audit) {
		this.engine = engine;
		this.files = files;
		this.audit = audit;
		this.store = store;
		this.settings = properties.jobs();
		this.scaledOut = cluster.role().scaledOut();
	}

	/**
	 * A job as its status shows it.
	 *
	 * @param status {@code running}, {@code done} or {@code failed}
	 * @param finishedAt when it finished, or null
	 * @param problem why it failed, or null
	 * @param labels how its file is answered
	 * @param worker the worker that took it, once one did (null before)
	 */
	record Job(String id, long reportId, Instant createdAt, Instant finishedAt, String status, ApiProblem problem,
			ExportFiles.Labels labels, String worker) {

		Optional<ApiProblem> failure() {
			return Optional.ofNullable(this.problem);
		}

	}

	private record Kept(long size, Instant expires) {
	}

	/** Starts an admitted export as a job; the export log hears of it when it ends. */
	Job start(Admitted export, ExportAnswered.Caller caller) {
		ExportEngine.Started started = this.engine.start(export, true);
		Job job = begin(export.reportId(), export.labels(),
				this.engine.budget(export.plan()).plus(this.settings.queueWait()));
		this.keys.put(job.id(), export.plan().cacheKey());
		started.file().whenComplete((file, failure) -> {
			Job done = finish(job, file, null, failure);
			this.audit.jobFinished(caller, export, job.id(), job.createdAt(), started.hit(), done.problem());
		});
		return job;
	}

	/**
	 * Starts a job whose file {@code work}, given the job's id, writes to disk (one file
	 * per value), running at most {@code runs} before others take it for interrupted.
	 */
	Job start(long reportId, ExportFiles.Labels labels, Duration runs, Function<String, CompletableFuture<Path>> work) {
		Job job = begin(reportId, labels, runs);
		work.apply(job.id()).whenComplete((path, failure) -> finish(job, null, path, failure));
		return job;
	}

	private Job begin(long reportId, ExportFiles.Labels labels, Duration runs) {
		String id = UUID.randomUUID().toString();
		Job job = new Job(id, reportId, this.clock.instant(), null, "running", null, labels, null);
		// Recorded while it runs: a restart finds it interrupted; other web nodes see it.
		Map<String, String> running = record(job);
		running.put("until", job.createdAt().plus(runs).toString());
		this.store.put(RECORDS, id, new Artifact(new byte[0], running), runs.plus(this.settings.keep()));
		this.running.put(id, job);
		return job;
	}

	/** The job, running or kept; empty when unknown or no longer kept. */
	Optional<Job> find(String id) {
		Job live = this.running.get(id);
		if (live != null) {
			CacheKey key = this.keys.get(id);
			String worker = (key != null) ? this.engine.takenBy(key).orElse(null) : null;
			return Optional.of((worker != null) ? new Job(live.id(), live.reportId(), live.createdAt(), null,
					live.status(), null, live.labels(), worker) : live);
		}
		return safe(id) ? this.store.get(RECORDS, id).map((record) -> job(id, record.attributes(), this.scaledOut))
				: Optional.empty();
	}

	/** The file of a job that is done, when it is still kept. */
	Optional<ExportFile> file(Job job) {
		return this.store.get(FILES, job.id()).map((file) -> ExportFile.of(file, null, ExportFormat.PNG));
	}

	/** The file of a job that is done, when it was written to disk and is still kept. */
	Optional<Path> fileOnDisk(Job job) {
		return this.files.find(job.id());
	}

	/** How long finished jobs are kept, in words. */
	String kept() {
		return words(this.settings.keep());
	}

	/** Why a done job has no file: the bounds that dropped it, in words. */
	ApiProblem fileDropped(Job job) {
		return ApiProblem.notFound("The file of export job " + job.id() + " is no longer kept: at most "
				+ this.settings.maxFiles() + " job files (" + this.settings.maxSize().toMegabytes()
				+ " MB) are kept, for " + kept() + ", the oldest dropped first. Queue the export again.");
	}

	private Job finish(Job job, ExportFile file, Path onDisk, Throwable failure) {
		Instant finished = this.clock.instant();
		ApiProblem problem = (failure != null) ? ExportFailures.of(failure) : null;
		Job done = new Job(job.id(), job.reportId(), job.createdAt(), finished, (failure != null) ? "failed" : "done",
				problem, job.labels(), (file != null) ? file.renderedBy() : null);
		store(done, file, onDisk, STORE_ATTEMPTS);
		return done;
	}

	/**
	 * Keeps a finished job and its file. While the store is unavailable (scaled out,
	 * Redis away for a moment), the job stays running here and storing is tried again.
	 */
	private void store(Job done, ExportFile file, Path onDisk, int attempts) {
		try {
			stored(done, file, onDisk);
		}
		catch (RuntimeException ex) {
			if (attempts <= 1) {
				throw ex;
			}
			log.warn("Export job {} finished but could not be kept yet ({}); trying again", done.id(), ex.toString());
			CompletableFuture.delayedExecutor(STORE_RETRY.toMillis(), TimeUnit.MILLISECONDS)
				.execute(() -> store(done, file, onDisk, attempts - 1));
		}
	}

	private void stored(Job done, ExportFile file, Path onDisk) {
		Instant finished = done.finishedAt();
		if (file != null) {
			this.store.put(FILES, done.id(), file.artifact(), this.settings.keep());
			keep(done.id(), file.bytes().length, finished.plus(this.settings.keep()));
		}
		if (onDisk != null) {
			keep(done.id(), onDisk.toFile().length(), finished.plus(this.settings.keep()));
		}
		this.store.put(RECORDS, done.id(), new Artifact(new byte[0], record(done)), this.settings.keep());
		this.running.remove(done.id());
		this.keys.remove(done.id());
	}

	/** Notes a kept file and drops the oldest ones beyond the bounds. */
	private synchronized void keep(String id, long size, Instant expires) {
		this.kept.put(id, new Kept(size, expires));
		this.keptBytes += size;
		Instant now = this.clock.instant();
		Iterator<Map.Entry<String, Kept>> oldest = this.kept.entrySet().iterator();
		while (oldest.hasNext()) {
			Map.Entry<String, Kept> entry = oldest.next();
			boolean expired = entry.getValue().expires().isBefore(now);
			if (!expired && this.kept.size() <= this.settings.maxFiles()
					&& this.keptBytes <= this.settings.maxSize().toBytes()) {
				break;
			}
			oldest.remove();
			this.keptBytes -= entry.getValue().size();
			if (!expired) {
				this.store.remove(FILES, entry.getKey());
			}
			this.files.delete(entry.getKey());
		}
	}

	private static Map<String, String> record(Job job) {
		Map<String, String> attributes = new HashMap<>();
		attributes.put("report", Long.toString(job.reportId()));
		attributes.put("created", job.createdAt().toString());
		attributes.put("status", job.status());
		attributes.put("disposition", job.labels().disposition());
		attributes.put("etag", job.labels().etag());
		if (job.finishedAt() != null) {
			attributes.put("finished", job.finishedAt().toString());
		}
		if (job.problem() != null) {
			ExportFailures.keep(job.problem(), "problem.", attributes);
		}
		if (job.worker() != null) {
			attributes.put("worker", job.worker());
		}
		return attributes;
	}

	/**
	 * A job from its record. One recorded as running that is not running here was
	 * interrupted by a restart, unless other nodes run jobs too and its time is not up.
	 */
	private Job job(String id, Map<String, String> record, boolean scaledOut) {
		String finished = record.get("finished");
		String status = record.get("status");
		ApiProblem problem = null;
		if (record.containsKey("problem.status")) {
			problem = ExportFailures.restored(record, "problem.");
		}
		else if ("running".equals(status) && scaledOut && record.containsKey("until")
				&& this.clock.instant().isBefore(Instant.parse(record.get("until")))) {
			// Running on another web node.
		}
		else if ("running".equals(status)) {
			status = "failed";
			problem = ExportFailures.interrupted();
		}
		return new Job(id, Long.parseLong(record.get("report")), Instant.parse(record.get("created")),
				(finished != null) ? Instant.parse(finished) : null, status, problem,
				new ExportFiles.Labels(record.get("disposition"), record.get("etag")), record.get("worker"));
	}

	/** Job ids are UUIDs; anything else is unknown without asking the store. */
	private static boolean safe(String id) {
		return id.matches("[0-9a-fA-F-]{36}");
	}

	private static String words(Duration duration) {
		if (duration.toMinutes() % 60 == 0 && duration.toHours() > 0) {
			return duration.toHours() + ((duration.toHours() == 1) ? " hour" : " hours");
		}
		return duration.toMinutes() + ((duration.toMinutes() == 1) ? " minute" : " minutes");
	}

}
