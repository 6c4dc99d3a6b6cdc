package org.pbiexport.export;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.cache.Artifact;
import org.pbiexport.cache.ArtifactStore;
import org.pbiexport.cluster.ClusterProperties;
import org.pbiexport.queue.JobQueue;
import org.pbiexport.queue.JobQueues;
import org.pbiexport.queue.Signals;
import org.pbiexport.render.RenderQueueFull;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * How a web node has its exports rendered: it puts each on the cluster's stream, once for
 * all identical requests of every web node (the cache key is the single-flight key), and
 * waits for a worker's signal that the file is in the shared cache or that the export
 * failed. Signals can be missed (a reconnect); every waiting export is also looked up in
 * the cache every {@link #CHECK_EVERY}. While Redis is away, an interactive export fails
 * at once (503 with Retry-After) rather than waiting out its budget; a job keeps waiting.
 */
@Component
@ConditionalOnProperty(name = "pbi-export.role", havingValue = "web")
class RemoteExports implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RemoteExports.class);

	private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

	private final JobQueue<RenderRequest> queue;

	private final Signals signals;

	private final ArtifactStore store;

	private final Duration reclaimAfter;

	private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

	private final Map<String, String> takenBy = new ConcurrentHashMap<>();

	private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "export-waits");
		thread.setDaemon(true);
		return thread;
	});

	private final Signals.Subscription subscription;

	RemoteExports(JobQueues queues, Signals signals, ArtifactStore store, ClusterProperties cluster,
			MeterRegistry meters) {
		this.queue = ExportStream.open(queues, cluster);
		this.signals = signals;
		this.store = store;
		this.reclaimAfter = cluster.queue().reclaimAfter();
		this.subscription = signals.subscribe(ExportStream.SIGNALS, this::signalled);
		this.checks.scheduleWithFixedDelay(this::checkAll, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
				TimeUnit.MILLISECONDS);
		Gauge.builder("pbi_export_stream_depth", this.queue, JobQueue::size)
			.description("exports waiting in the cluster's stream or being rendered by a worker")
			.register(meters);
		Gauge.builder("pbi_export_exports_waiting", this.waiting, Map::size)
			.description("exports this web node waits for a worker to render")
			.register(meters);
	}

	/**
	 * @param until when to stop waiting: the export's budget is over, and a worker that
	 * took it over after another died had time to finish
	 */
	private record Waiting(ExportPlan plan, boolean background, Instant since, Instant until,
			CompletableFuture<ExportFile> file) {
	}

	/**
	 * Has an admitted export rendered by a worker.
	 * @throws RenderQueueFull when the cluster's stream is full
	 */
	CompletableFuture<ExportFile> render(ExportPlan plan, Instant deadline, Captures.Queueing queueing) {
		RenderRequest request = RenderRequest.of(plan, deadline, queueing);
		String key = plan.cacheKey().value();
		CompletableFuture<ExportFile> file = new CompletableFuture<>();
		Waiting waiting = new Waiting(plan, request.background(), Instant.now(),
				request.workUntil().plus(this.reclaimAfter), file);
		this.waiting.put(key, waiting);
		file.whenComplete((result, failure) -> {
			this.waiting.remove(key, waiting);
			this.takenBy.remove(key);
		});
		try {
			Duration hold = Duration.between(Instant.now(), request.workUntil()).plus(this.reclaimAfter);
			if (this.queue.offerOnce(key, request, hold) == JobQueue.Offered.FULL) {
				throw new RenderQueueFull(Duration.ofSeconds(Math.max(1, this.queue.size() / 4)));
			}
		}
		catch (RuntimeException ex) {
			file.cancel(false);
			throw ex;
		}
		// A worker may have finished it before this node listened.
		this.checks.execute(() -> check(key));
		return file;
	}

	/** The worker working on an export now, when one took it. */
	Optional<String> takenBy(CacheKey key) {
		return Optional.ofNullable(this.takenBy.get(key.value()));
	}

	private void signalled(String message) {
		ExportStream.Signal signal = ExportStream.Signal.read(message);
		if (signal == null || !this.waiting.containsKey(signal.key())) {
			return;
		}
		if (signal.taken()) {
			this.takenBy.put(signal.key(), signal.worker());
			return;
		}
		this.checks.execute(() -> check(signal.key()));
	}

	private void checkAll() {
		this.waiting.keySet().forEach(this::check);
	}

	private void check(String key) {
		Waiting waiting = this.waiting.get(key);
		if (waiting == null) {
			return;
		}
		if (Instant.now().isAfter(waiting.until())) {
			waiting.file()
				.completeExceptionally(
						ExportFailures.timedOut("No worker finished the export within its time budget."));
			return;
		}
		try {
			ExportPlan plan = waiting.plan();
			Optional<Artifact> file = this.store.get(plan.report().id().toString(), key);
			if (file.isPresent()) {
				waiting.file().complete(ExportFile.of(file.get(), plan.cacheKey(), plan.format()));
				return;
			}
			this.store.get(ExportStream.FAILURES, key)
				.map(ExportStream::failure)
				.filter((failure) -> !failure.at().isBefore(waiting.since()))
				.ifPresent((failure) -> waiting.file().completeExceptionally(failure.problem()));
		}
		catch (RuntimeException ex) {
			// Redis is away: a person waiting is told at once; a job waits for it to
			// return.
			if (!waiting.background()) {
				log.warn("An export waiting for a worker failed: {}", ex.toString());
				waiting.file().completeExceptionally(ex);
			}
		}
	}

	@Override
	public void destroy() {
		this.subscription.close();
		this.checks.shutdownNow();
		this.queue.close();
	}

}
