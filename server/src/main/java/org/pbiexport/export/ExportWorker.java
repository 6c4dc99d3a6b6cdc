package org.pbiexport.export;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.cache.ArtifactStore;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.cluster.ClusterProperties;
import org.pbiexport.cluster.WorkerId;
import org.pbiexport.queue.JobQueue;
import org.pbiexport.queue.JobQueues;
import org.pbiexport.queue.Signals;
import org.pbiexport.render.RenderPool;
import org.pbiexport.web.ApiProblem;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * A worker node's loop: takes exports from the cluster's stream while it has room to
 * render (as many as its render pool admits now), plans each again from the catalogue,
 * renders it here and stores the file in the shared cache, then acknowledges it and
 * signals the web nodes. Delivery is at least once and the result idempotent: an export
 * whose file is already cached (another worker finished it before dying, say) is only
 * acknowledged. A failure is stored and signalled like a file; when Redis itself fails,
 * the export is left unacknowledged, for this or another worker to take again.
 */
@Component
@ConditionalOnProperty(name = "pbi-export.role", havingValue = "worker")
class ExportWorker implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ExportWorker.class);

	private static final Duration POLL = Duration.ofSeconds(1);

	private static final Duration FAILURE_KEPT = Duration.ofMinutes(2);

	private final JobQueue<RenderRequest> queue;

	private final Signals signals;

	private final ArtifactStore store;

	private final Catalog catalog;

	private final ExportAdmission admission;

	private final ExportEngine engine;

	private final RenderPool renderer;

	private final String worker;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ExecutorService renders = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "export-worker");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean running = true;

	private volatile String ownBaseUrl;

	private Thread poller;

	ExportWorker(JobQueues queues, Signals signals, ArtifactStore store, Catalog catalog, ExportAdmission admission,
			ExportEngine engine, RenderPool renderer, WorkerId worker, ClusterProperties cluster,
			MeterRegistry meters) {
		this.queue = ExportStream.open(queues, cluster);
		this.signals = signals;
		this.store = store;
		this.catalog = catalog;
		this.admission = admission;
		this.engine = engine;
		this.renderer = renderer;
		this.worker = worker.value();
		Gauge.builder("pbi_export_exports_in_flight", this.inFlight, AtomicInteger::get)
			.description("exports this worker took from the stream and is rendering")
			.tag("worker", this.worker)
			.register(meters);
		Gauge.builder("pbi_export_stream_depth", this.queue, JobQueue::size)
			.description("exports waiting in the cluster's stream or being rendered by a worker")
			.tag("worker", this.worker)
			.register(meters);
	}

	/**
	 * Starts taking exports once this node's own pages (the demo, the SDK host) are
	 * served.
	 */
	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (this.poller != null) {
			return;
		}
		String contextPath = event.getApplicationContext()
			.getEnvironment()
			.getProperty("server.servlet.context-path", "");
		this.ownBaseUrl = "http://127.0.0.1:" + event.getWebServer().getPort() + contextPath;
		this.poller = new Thread(this::poll, "export-stream");
		this.poller.setDaemon(true);
		this.poller.start();
		log.info("Worker {} takes exports from the stream, up to {} at once now", this.worker,
				this.renderer.admitted());
	}

	private void poll() {
		boolean redisAway = false;
		while (this.running) {
			try {
				if (this.inFlight.get() >= Math.max(1, this.renderer.admitted())) {
					Thread.sleep(50);
					continue;
				}
				RenderRequest request = this.queue.poll(POLL);
				if (redisAway) {
					log.info("Worker {}: Redis answers again", this.worker);
					redisAway = false;
				}
				if (request != null) {
					this.inFlight.incrementAndGet();
					this.renders.execute(() -> process(request));
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (!redisAway) {
					log.warn("Worker {} cannot read the export stream: {}", this.worker, ex.toString());
					redisAway = true;
				}
				sleep(POLL);
			}
		}
	}

	private void process(RenderRequest request) {
		String key = request.cacheKey();
		try {
			if (this.store.get(Long.toString(request.report()), key).isPresent()) {
				log.info("Worker {}: export {} is already in the cache; acknowledged", this.worker, shortKey(key));
				finish(request);
				return;
			}
			if (!Instant.now().isBefore(request.workUntil())) {
				throw ExportFailures.timedOut("The export waited for a worker for its whole time budget.");
			}
			this.signals.publish(ExportStream.SIGNALS, new ExportStream.Signal(key, this.worker, true).write());
			Admitted export = this.admission.admit(request.plan(this.catalog::find), this.ownBaseUrl);
			log.info("Worker {} renders report {} ({} page(s), {}), export {}", this.worker, request.report(),
					request.pages().size(), request.format(), shortKey(key));
			this.engine.renderHere(export, request.deadline(), request.queueing()).join();
			finish(request);
		}
		catch (ApiProblem problem) {
			failed(request, problem);
		}
		catch (CompletionException ex) {
			RuntimeException cause = ExportEngine.translate(ex.getCause());
			if (cause instanceof ApiProblem problem) {
				failed(request, problem);
			}
			else {
				left(request, cause);
			}
		}
		catch (RuntimeException ex) {
			left(request, ex);
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	private void failed(RenderRequest request, ApiProblem problem) {
		log.info("Worker {}: export {} of report {} failed: {}", this.worker, shortKey(request.cacheKey()),
				request.report(), problem.getMessage());
		try {
			this.store.put(ExportStream.FAILURES, request.cacheKey(), ExportStream.record(problem, Instant.now()),
					FAILURE_KEPT);
			finish(request);
		}
		catch (RuntimeException ex) {
			left(request, ex);
		}
	}

	/**
	 * Acknowledged only now that its file or failure is stored; then web nodes are told.
	 */
	private void finish(RenderRequest request) {
		this.queue.acknowledge(request);
		this.signals.publish(ExportStream.SIGNALS,
				new ExportStream.Signal(request.cacheKey(), this.worker, false).write());
	}

	/**
	 * Left unacknowledged: the stream hands it out again once it is no longer confirmed.
	 */
	private void left(RenderRequest request, RuntimeException failure) {
		this.queue.release(request);
		log.warn("Worker {}: export {} left for another attempt: {}", this.worker, shortKey(request.cacheKey()),
				failure.toString());
	}

	private static String shortKey(String key) {
		return key.substring(0, Math.min(12, key.length()));
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.running = false;
		if (this.poller != null) {
			this.poller.join(POLL.multipliedBy(3).toMillis());
		}
		this.renders.shutdownNow();
		this.queue.close();
	}

}
