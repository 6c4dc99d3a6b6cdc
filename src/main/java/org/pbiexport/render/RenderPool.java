package org.pbiexport.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.microsoft.playwright.PlaywrightException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.pbiexport.queue.InProcessJobQueue;
import org.pbiexport.queue.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * A supervised pool of render threads, each owning its own {@link BrowserSession}, fed by
 * one bounded queue. A full queue is refused at once with an estimate of when to retry; a
 * browser that crashed or reached its render limit is replaced before the next job, and a
 * job whose browser died under it is tried once more on a fresh one while its budget
 * lasts. Every {@link ContextSetup} bean prepares each new browser context.
 */
@Component
public class RenderPool implements DisposableBean, ApplicationListener<WebServerInitializedEvent> {

	private static final Logger log = LoggerFactory.getLogger(RenderPool.class);

	private static final RenderAllowlist NOTHING_ALLOWED = (host, port) -> false;

	private final RenderProperties properties;

	private final JobQueue<Task> queue;

	private final List<Thread> threads = new ArrayList<>();

	private final List<BrowserSession> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final AtomicInteger openContexts = new AtomicInteger();

	private final AtomicLong renders = new AtomicLong();

	private final AtomicLong restarts = new AtomicLong();

	/** A moving average of render time, for Retry-After. */
	private volatile double averageRenderMillis = 2_000;

	private final MeterRegistry meters;

	private final Phases phases;

	private final Supplier<List<ContextSetup>> setups;

	private final RenderIsolation isolation;

	private volatile boolean running = true;

	/**
	 * A pool whose browser contexts need no preparation, and whose pages may open no host
	 * but the app's own demo and host pages.
	 */
	public RenderPool(RenderProperties properties, MeterRegistry meters) {
		this(properties, meters, (Supplier<List<ContextSetup>>) List::of, () -> NOTHING_ALLOWED);
	}

	/**
	 * A pool that applies the {@link ContextSetup} beans there are when a context opens,
	 * in their order, and keeps its pages to the {@link RenderAllowlist} bean's hosts.
	 */
	@Autowired
	public RenderPool(RenderProperties properties, MeterRegistry meters, ObjectProvider<ContextSetup> setups,
			ObjectProvider<RenderAllowlist> allowlist) {
		this(properties, meters, (Supplier<List<ContextSetup>>) () -> setups.orderedStream().toList(),
				() -> allowlist.getIfAvailable(() -> NOTHING_ALLOWED));
	}

	private RenderPool(RenderProperties properties, MeterRegistry meters, Supplier<List<ContextSetup>> setups,
			Supplier<RenderAllowlist> allowlist) {
		this.properties = properties;
		this.meters = meters;
		this.setups = setups;
		this.isolation = new RenderIsolation(properties, allowlist, meters);
		this.phases = new Phases(meters);
		this.queue = new InProcessJobQueue<>(properties.queueCapacity());
		for (int i = 0; i < properties.threads(); i++) {
			Thread thread = new Thread(this::work, "render-" + (i + 1));
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
		Gauge.builder("pbi_export_queue_depth", this.queue, JobQueue::size)
			.description("renders waiting for a browser")
			.register(meters);
		Gauge.builder("pbi_export_render_contexts_open", this.openContexts, AtomicInteger::get).register(meters);
		Gauge.builder("pbi_export_browser_restarts", this.restarts, AtomicLong::get).register(meters);
	}

	/**
	 * Queues a render.
	 * @throws RenderQueueFull when no render can wait now
	 */
	public CompletableFuture<RenderResult> submit(RenderJob job) {
		Task task = new Task(job, new CompletableFuture<>(), Instant.now());
		if (!this.running || !this.queue.offer(task)) {
			throw new RenderQueueFull(retryAfter());
		}
		return task.result();
	}

	/**
	 * Learns the app's own ports: a rendered page may load the app's demo and host pages
	 * there, and nothing else of the app.
	 */
	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		this.isolation.ownPort(event.getWebServer().getPort(),
				event.getApplicationContext().getEnvironment().getProperty("server.servlet.context-path", ""));
	}

	/** How long until a new render would likely get a browser. */
	public Duration retryAfter() {
		double millis = (this.queue.size() + 1) * this.averageRenderMillis / this.threads.size();
		return Duration.ofSeconds(Math.max(1, (long) Math.ceil(millis / 1000)));
	}

	/** Renders done so far, whatever their outcome. */
	public long renders() {
		return this.renders.get();
	}

	/** Browser contexts open right now; 0 when idle, or something leaked. */
	public int openContexts() {
		return this.openContexts.get();
	}

	public int queued() {
		return this.queue.size();
	}

	private void work() {
		BrowserSession session = null;
		while (this.running) {
			Task task;
			try {
				task = this.queue.poll(Duration.ofMillis(500));
			}
			catch (InterruptedException ex) {
				break;
			}
			if (task == null) {
				continue;
			}
			this.phases.record("queue", Duration.between(task.queuedAt(), Instant.now()));
			Timer.Sample sample = Timer.start(this.meters);
			String outcome = "ok";
			String rule = "none";
			try {
				if (!Instant.now().isBefore(task.job().deadline())) {
					throw new RenderTimedOut("The export waited in the queue for its whole time budget.");
				}
				session = healthy(session);
				RenderResult result;
				try {
					result = session.render(task.job());
				}
				catch (PlaywrightException ex) {
					if (session.browser().isConnected() || !Instant.now().isBefore(task.job().deadline())) {
						throw ex;
					}
					log.warn("Chromium died during a render; retrying on a new browser");
					session = healthy(session);
					result = session.render(task.job());
				}
				rule = result.readinessRule();
				this.averageRenderMillis = 0.8 * this.averageRenderMillis + 0.2 * result.took().toMillis();
				task.result().complete(result);
			}
			catch (RenderTimedOut | RenderFailed ex) {
				outcome = (ex instanceof RenderTimedOut) ? "timeout" : "failed";
				task.result().completeExceptionally(ex);
			}
			catch (PlaywrightException ex) {
				outcome = "error";
				boolean timedOut = !Instant.now().isBefore(task.job().deadline());
				log.warn("Render of {} failed: {}", task.job().url(), ex.getMessage());
				task.result()
					.completeExceptionally(timedOut
							? new RenderTimedOut("The report did not finish loading within its time budget.")
							: new RenderFailed("The browser could not render the report (" + firstLine(ex) + ")."));
			}
			catch (RuntimeException ex) {
				outcome = "error";
				log.error("Render failed unexpectedly", ex);
				task.result().completeExceptionally(ex);
			}
			finally {
				this.renders.incrementAndGet();
				sample.stop(Timer.builder("pbi_export_render")
					.tag("outcome", outcome)
					.tag("readiness", rule)
					.register(this.meters));
			}
		}
		if (session != null) {
			close(session);
		}
	}

	private BrowserSession healthy(BrowserSession session) {
		if (session != null && session.healthy()) {
			return session;
		}
		if (session != null) {
			this.restarts.incrementAndGet();
			log.info("Restarting Chromium ({})", session.browser().isConnected() ? "render limit reached" : "it died");
			close(session);
		}
		BrowserSession fresh = new BrowserSession(this.properties, this.openContexts, this.phases, this.setups,
				this.isolation);
		this.sessions.add(fresh);
		return fresh;
	}

	private void close(BrowserSession session) {
		this.sessions.remove(session);
		try {
			session.close();
		}
		catch (RuntimeException ex) {
			log.debug("Closing a browser failed", ex);
		}
	}

	private static String firstLine(Exception ex) {
		String message = String.valueOf(ex.getMessage());
		int quoted = message.indexOf("message='");
		if (message.startsWith("Error {") && quoted >= 0) {
			// Playwright's driver errors: "Error {\n message='...\n name=..."
			message = message.substring(quoted + "message='".length());
		}
		int newline = message.indexOf('\n');
		return ((newline >= 0) ? message.substring(0, newline) : message).replaceAll("\\s+", " ").trim();
	}

	@Override
	public void destroy() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(5_000);
		}
		this.queue.drain()
			.forEach((task) -> task.result().completeExceptionally(new RenderFailed("The server is stopping.")));
		this.isolation.close();
	}

	private record Task(RenderJob job, CompletableFuture<RenderResult> result, Instant queuedAt) {
	}

}
