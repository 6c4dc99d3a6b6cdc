package org.pbiexport.export;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;

import org.pbiexport.cache.Artifact;
import org.pbiexport.cache.ArtifactStore;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.ReportChanged;
import org.pbiexport.powerbi.PowerBiFailed;
import org.pbiexport.powerbi.PowerBiTimedOut;
import org.pbiexport.render.PdfAssembly;
import org.pbiexport.render.Phases;
import org.pbiexport.render.RenderFailed;
import org.pbiexport.render.RenderQueueFull;
import org.pbiexport.render.RenderTimedOut;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns a checked export into a file: from the memory cache when the same export was
 * rendered recently, else by one render for all identical requests at once (single
 * flight), within the report's time budget. A report change drops its cached files.
 */
@Component
class ExportEngine {

	private final Captures captures;

	private final ExportProperties properties;

	private final MeterRegistry meters;

	private final Phases phases;

	private final ArtifactStore store;

	private final Map<CacheKey, CompletableFuture<ExportFile>> inFlight = new ConcurrentHashMap<>();

	ExportEngine(Captures captures, ExportProperties properties, MeterRegistry meters, ArtifactStore store) {
		this.captures = captures;
		this.properties = properties;
		this.meters = meters;
		this.phases = new Phases(meters);
		this.store = store;
	}

	/** An export's file and whether it came from the cache. */
	record Outcome(ExportFile file, boolean hit) {
	}

	Outcome export(ExportPlan plan, String appBaseUrl) {
		Optional<ExportFile> cached = cached(plan);
		if (cached.isPresent()) {
			this.meters.counter("pbi_export_cache_requests", "result", "hit").increment();
			return new Outcome(cached.get(), true);
		}
		Duration budget = budget(plan);
		CompletableFuture<ExportFile> render = render(plan, appBaseUrl);
		try {
			return new Outcome(render.get(budget.toMillis() + 250, TimeUnit.MILLISECONDS), false);
		}
		catch (TimeoutException ex) {
			throw ExportFailures.timedOut(
					"The report did not finish rendering within its time budget of " + budget.toSeconds() + " s.");
		}
		catch (ExecutionException ex) {
			throw translate(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ExportFailures.timedOut("The export was interrupted.");
		}
	}

	/**
	 * The export's file, from the cache or by joining or starting its render; for jobs,
	 * which do not wait. A failure completes the future with the problem to report.
	 * @throws ApiProblem 429 at once when the render queue is full
	 */
	CompletableFuture<ExportFile> exportLater(ExportPlan plan, String appBaseUrl) {
		Optional<ExportFile> cached = cached(plan);
		if (cached.isPresent()) {
			this.meters.counter("pbi_export_cache_requests", "result", "hit").increment();
			return CompletableFuture.completedFuture(cached.get());
		}
		Duration budget = budget(plan);
		return render(plan, appBaseUrl).orTimeout(budget.toMillis() + 250, TimeUnit.MILLISECONDS)
			.exceptionallyCompose((failure) -> CompletableFuture
				.failedFuture((failure instanceof TimeoutException) ? ExportFailures.timedOut(
						"The report did not finish rendering within its time budget of " + budget.toSeconds() + " s.")
						: translate(unwrap(failure))));
	}

	private CompletableFuture<ExportFile> render(ExportPlan plan, String appBaseUrl) {
		this.meters.counter("pbi_export_cache_requests", "result", "miss").increment();
		Instant deadline = Instant.now().plus(budget(plan));
		try {
			return this.inFlight.computeIfAbsent(plan.cacheKey(), (k) -> start(plan, appBaseUrl, deadline));
		}
		catch (RenderQueueFull ex) {
			throw ExportFailures.queueFull(ex.retryAfter());
		}
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null)
				? failure.getCause() : failure;
	}

	private CompletableFuture<ExportFile> start(ExportPlan plan, String appBaseUrl, Instant deadline) {
		CacheKey key = plan.cacheKey();
		CompletableFuture<ExportFile> file = this.captures.capture(plan, appBaseUrl, deadline).thenApply((captured) -> {
			ExportFile result = this.phases.time("assemble", () -> assemble(plan, key, captured));
			// Cached before anyone is told, so the next request is a hit.
			this.store.put(plan.report().id().toString(), key.value(), artifact(result), ttl(plan));
			return result;
		});
		// Asynchronously: the future may already be complete while computeIfAbsent still
		// runs.
		file.whenCompleteAsync((result, failure) -> this.inFlight.remove(key, file));
		return file;
	}

	private static ExportFile assemble(ExportPlan plan, CacheKey key, Captures.Captured captured) {
		byte[] bytes;
		if (captured.document() != null) {
			bytes = captured.document();
		}
		else if (plan.format() == ExportFormat.PDF) {
			bytes = PdfAssembly.assemble(captured.pages(), plan.pages().stream().map(Page::displayName).toList(),
					plan.report().title());
		}
		else {
			bytes = captured.pages().get(0);
		}
		return new ExportFile(bytes, plan.format(), fileName(plan), key, captured.readiness());
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

	private Duration budget(ExportPlan plan) {
		return this.captures.budget(plan);
	}

	private Duration ttl(ExportPlan plan) {
		Integer ttl = plan.report().settings().cacheTtlS();
		return (ttl != null) ? Duration.ofSeconds(ttl) : this.properties.cacheTtl();
	}

	private static RuntimeException translate(Throwable cause) {
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
		if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
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

	private Optional<ExportFile> cached(ExportPlan plan) {
		CacheKey key = plan.cacheKey();
		return this.store.get(plan.report().id().toString(), key.value())
			.map((artifact) -> new ExportFile(artifact.bytes(),
					ExportFormat.fromWireName(artifact.attributes().get("format")).orElse(plan.format()),
					artifact.attributes().get("file-name"), key, artifact.attributes().get("readiness")));
	}

	private static Artifact artifact(ExportFile file) {
		return new Artifact(file.bytes(), Map.of("format", file.format().wireName(), "file-name", file.fileName(),
				"readiness", file.readiness()));
	}

}
