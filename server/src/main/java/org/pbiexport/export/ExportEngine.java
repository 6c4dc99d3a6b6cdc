package org.pbiexport.export;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.pbiexport.cache.ArtifactStore;
import org.pbiexport.catalog.ReportChanged;
import org.pbiexport.cluster.WorkerId;
import org.pbiexport.powerbi.PowerBiFailed;
import org.pbiexport.powerbi.PowerBiTimedOut;
import org.pbiexport.render.Phases;
import org.pbiexport.render.RenderFailed;
import org.pbiexport.render.RenderQueueFull;
import org.pbiexport.web.RequestClient;
import org.pbiexport.render.RenderTimedOut;
import org.pbiexport.web.ApiProblem;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns an admitted export into a file, in one way for direct exports, jobs and previews
 * ({@link #start}): from the cache when the same export was rendered recently, else by
 * one render for all identical requests at once (single flight), within the report's time
 * budget. Each start is counted once as a cache hit or miss. A report change drops its
 * cached files.
 */
@Component
class ExportEngine {

	private final Captures captures;

	private final ExportProperties properties;

	private final ExportAdmission admission;

	private final Phases phases;

	private final ArtifactStore store;

	private final Counter hits;

	private final Counter misses;

	private final Map<CacheKey, CompletableFuture<ExportFile>> inFlight = new ConcurrentHashMap<>();

	private final String worker;

	private final Counter renders;

	/**
	 * Scaled out, on a web node: the workers that render; null when this process renders.
	 */
	private final RemoteExports remote;

	ExportEngine(Captures captures, ExportProperties properties, MeterRegistry meters, ArtifactStore store,
			ExportAdmission admission, WorkerId worker, ObjectProvider<RemoteExports> remote) {
		this.captures = captures;
		this.worker = worker.value();
		this.remote = remote.getIfAvailable();
		this.renders = Counter.builder("pbi_export_renders")
			.description("exports rendered by this worker and stored")
			.tag("worker", this.worker)
			.register(meters);
		this.properties = properties;
		this.admission = admission;
		this.phases = new Phases(meters);
		this.store = store;
		this.hits = meters.counter("pbi_export_cache_requests", "result", "hit");
		this.misses = meters.counter("pbi_export_cache_requests", "result", "miss");
	}

	/**
	 * A started export: its file, already there on a hit, and whether it came from the
	 * cache. The future fails with the problem to answer (504 past the budget, 502 for a
	 * report that did not render), so a job can keep it and a request wait on it.
	 */
	record Started(CompletableFuture<ExportFile> file, boolean hit) {

		/** Waits for the file, within the budget the future carries. */
		ExportFile await() {
			try {
				return this.file.join();
			}
			catch (CompletionException ex) {
				throw translate(ex.getCause());
			}
		}

	}

	/**
	 * Starts an admitted export: the cache, else the render it shares with identical
	 * requests.
	 * @throws ApiProblem 429 at once when the render queue is full
	 */
	Started start(Admitted export) {
		return start(export, false);
	}

	/**
	 * Starts an admitted export, as {@link #start(Admitted)}; a {@code background} export
	 * (a job) waits behind interactive ones, up to the job queue-wait limit, and its
	 * budget starts when a render thread takes it.
	 */
	Started start(Admitted export, boolean background) {
		ExportPlan plan = export.plan();
		Optional<ExportFile> cached = cached(plan);
		if (cached.isPresent()) {
			this.hits.increment();
			return new Started(CompletableFuture.completedFuture(cached.get()), true);
		}
		this.misses.increment();
		Duration budget = budget(plan);
		Duration wait = background ? this.properties.jobs().queueWait().plus(budget) : budget;
		Instant deadline = Instant.now().plus(background ? this.properties.jobs().queueWait() : budget);
		Captures.Queueing queueing = new Captures.Queueing(RequestClient.current(), background ? budget : null);
		CompletableFuture<ExportFile> shared;
		try {
			shared = this.inFlight.computeIfAbsent(plan.cacheKey(), (key) -> {
				CompletableFuture<ExportFile> file = (this.remote != null)
						? this.remote.render(plan, deadline, queueing) : renderHere(export, deadline, queueing);
				// Asynchronously: the future may already be complete while
				// computeIfAbsent
				// still runs.
				file.whenCompleteAsync((result, failure) -> this.inFlight.remove(key, file));
				return file;
			});
		}
		catch (RenderQueueFull ex) {
			throw this.admission.counted(ExportFailures.queueFull(ex.retryAfter()));
		}
		// This request's own budget, on its own copy: a timeout here never fails the
		// render that others share.
		CompletableFuture<ExportFile> mine = shared.copy()
			.orTimeout(wait.toMillis() + 250, TimeUnit.MILLISECONDS)
			.handle((file, failure) -> {
				if (failure == null) {
					return file;
				}
				throw (unwrap(failure) instanceof TimeoutException) ? ExportFailures.timedOut(
						"The report did not finish rendering within its time budget of " + budget.toSeconds() + " s.")
						: translate(unwrap(failure));
			});
		return new Started(mine, false);
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	/**
	 * Renders an admitted export in this process and stores its file in the cache before
	 * anyone is told, so the next request is a hit: for this node's own requests, or, on
	 * a worker, for a web node's.
	 */
	CompletableFuture<ExportFile> renderHere(Admitted export, Instant deadline, Captures.Queueing queueing) {
		ExportPlan plan = export.plan();
		CacheKey key = plan.cacheKey();
		return this.captures.capture(export, deadline, queueing).thenApply((captured) -> {
			ExportFile result = this.phases.time("assemble",
					() -> ExportDocuments.assemble(plan, key, captured, this.worker));
			this.store.put(plan.report().id().toString(), key.value(), result.artifact(), ttl(plan));
			this.renders.increment();
			return result;
		});
	}

	/** {@code <report-title>-<page>-<filter values>.<ext>} in safe ASCII. */
	static String fileName(ExportPlan plan) {
		List<String> parts = ExportFiles.nameParts(plan);
		String slug = Normalizer.normalize(String.join("-", parts), Normalizer.Form.NFKD)
			.replaceAll("\\p{M}", "")
			.replaceAll("[^A-Za-z0-9]+", "-")
			.replaceAll("(^-+|-+$)", "");
		if (slug.length() > 120) {
			slug = slug.substring(0, 120).replaceAll("-+$", "");
		}
		return (slug.isEmpty() ? "report" : slug) + "." + plan.format().wireName();
	}

	/** The worker rendering an export now, when another node renders it and said so. */
	Optional<String> takenBy(CacheKey key) {
		return (this.remote != null) ? this.remote.takenBy(key) : Optional.empty();
	}

	/** The export's time budget, queue wait included. */
	Duration budget(ExportPlan plan) {
		return this.captures.budget(plan);
	}

	private Duration ttl(ExportPlan plan) {
		Integer ttl = plan.report().settings().cacheTtlS();
		return (ttl != null) ? Duration.ofSeconds(ttl) : this.properties.cacheTtl();
	}

	static RuntimeException translate(Throwable cause) {
		if (cause instanceof RenderTimedOut timedOut) {
			return ExportFailures.timedOut(timedOut.getMessage());
		}
		if (cause instanceof RenderFailed failed) {
			return ExportFailures.powerBiError(failed.getMessage());
		}
		if (cause instanceof PowerBiFailed failed) {
			return ExportFailures.powerBiError(failed.getMessage());
		}
		if (cause instanceof PowerBiTimedOut timedOut) {
			return ExportFailures.timedOut(timedOut.getMessage());
		}
		if (cause instanceof RenderQueueFull full) {
			return ExportFailures.queueFull(full.retryAfter());
		}
		if (cause instanceof CompletionException && cause.getCause() != null) {
			return translate(cause.getCause());
		}
		return (cause instanceof RuntimeException runtime) ? runtime : new IllegalStateException(cause);
	}

	/**
	 * Drops the cached files of a report that changed; their keys could never be asked
	 * for again.
	 */
	@TransactionalEventListener
	void reportChanged(ReportChanged event) {
		this.store.evict(event.id().toString());
	}

	Optional<ExportFile> cached(ExportPlan plan) {
		CacheKey key = plan.cacheKey();
		return this.store.get(plan.report().id().toString(), key.value())
			.map((artifact) -> ExportFile.of(artifact, key, plan.format()));
	}

}
