package org.pbiexport.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.pbiexport.queue.InProcessJobQueue;
import org.pbiexport.queue.JobQueue;
import org.pbiexport.queue.JobQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * A supervised pool of render threads fed by one bounded queue. The threads share a few
 * Chromium processes, each thread with its own Playwright connection and a fresh context
 * per render (docs/adr/0004); how many render at once is decided by {@link Admission}. A
 * full queue is refused at once with an estimate of when to retry; a multi-page export is
 * queued whole or not at all. A browser that crashed or reached its render limit is
 * replaced, and a job whose browser died under it is tried once more on a fresh one while
 * its budget lasts. A web node of a scaled-out deployment has none: its workers render.
 * Every {@link ContextSetup} bean prepares each new browser context.
 */
@Component
@ConditionalOnExpression("'${pbi-export.role:all}' != 'web'")
public class RenderPool implements DisposableBean, ApplicationListener<WebServerInitializedEvent> {

	private static final Logger log = LoggerFactory.getLogger(RenderPool.class);

	private static final RenderAllowlist NOTHING_ALLOWED = (host, port) -> false;

	private static final Duration IDLE_POLL = Duration.ofMillis(200);

	private final RenderProperties properties;

	private final JobQueue<QueuedRender> queue;

	private final List<Thread> threads = new ArrayList<>();

	private final SharedBrowsers browsers;

	private final Admission admission;

	private final AtomicInteger openContexts = new AtomicInteger();

	private final RenderTimes times = new RenderTimes();

	private final MeterRegistry meters;

	private final Phases phases;

	private final Supplier<List<ContextSetup>> setups;

	private final RenderIsolation isolation;

	private final RenderWatchdog watchdog;

	private final WarmPool warm;

	private volatile boolean running = true;

	/**
	 * A pool whose browser contexts need no preparation, and whose pages may open no host
	 * but the app's own demo and host pages.
	 */
	public RenderPool(RenderProperties properties, MeterRegistry meters) {
		this(properties, WarmProperties.DEFAULTS, meters, (Supplier<List<ContextSetup>>) List::of,
				() -> NOTHING_ALLOWED, new InProcessJobQueue<>(properties.queueCapacity() + properties.maxPages(),
						properties.queuePerClient(), QueuedRender.FAIRNESS));
	}

	/**
	 * A pool that applies the {@link ContextSetup} beans there are when a context opens,
	 * in their order, and keeps its pages to the {@link RenderAllowlist} bean's hosts.
	 */
	@Autowired
	public RenderPool(RenderProperties properties, WarmProperties warm, MeterRegistry meters,
			ObjectProvider<ContextSetup> setups, ObjectProvider<RenderAllowlist> allowlist, JobQueues queues) {
		this(properties, warm, meters, (Supplier<List<ContextSetup>>) () -> setups.orderedStream().toList(),
				() -> allowlist.getIfAvailable(() -> NOTHING_ALLOWED),
				queues.create("renders", properties.queueCapacity() + properties.maxPages(),
						properties.queuePerClient(), QueuedRender.FAIRNESS));
	}

	private RenderPool(RenderProperties properties, WarmProperties warm, MeterRegistry meters,
			Supplier<List<ContextSetup>> setups, Supplier<RenderAllowlist> allowlist, JobQueue<QueuedRender> queue) {
		this.properties = properties;
		this.meters = meters;
		this.setups = setups;
		this.isolation = new RenderIsolation(properties, allowlist, meters);
		this.phases = new Phases(meters);
		this.queue = queue;
		this.browsers = new SharedBrowsers(properties);
		this.admission = new Admission(properties);
		this.warm = new WarmPool(warm, meters, this.admission::memoryToSpare);
		this.watchdog = new RenderWatchdog(this.browsers, queue::size, properties.stallAfter());
		Thread watching = new Thread(this::watch, "render-watchdog");
		watching.setDaemon(true);
		watching.start();
		for (int i = 0; i < this.admission.cap(); i++) {
			RenderThread renderer = new RenderThread(i, this.browsers, this::attach, this.watchdog, this.phases, meters,
					this.times);
			Thread thread = new Thread(() -> work(renderer), "render-" + (i + 1));
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
		log.info("Rendering up to {} pages at once ({} now, by memory) in {} shared Chromium, sandbox {}",
				this.admission.cap(), this.admission.admitted(), Math.max(1, properties.browsers()),
				Sandbox.enabled(properties) ? "on where Chromium can start with it" : "off (--no-sandbox)");
		Gauge.builder("pbi_export_queue_depth", this.queue, JobQueue::size)
			.description("renders waiting for a browser")
			.register(meters);
		Gauge.builder("pbi_export_render_contexts_open", this.openContexts, AtomicInteger::get).register(meters);
		Gauge.builder("pbi_export_browser_restarts", this.browsers, SharedBrowsers::restarts).register(meters);
		Gauge.builder("pbi_export_render_admitted", this.admission, Admission::admitted)
			.description("renders admitted at once now, by the memory to spare (up to the cap)")
			.register(meters);
	}

	/**
	 * Queues a render.
	 * @throws RenderQueueFull when no render can wait now
	 */
	public CompletableFuture<RenderResult> submit(RenderJob job) {
		return submitAll(List.of(job)).get(0);
	}

	/**
	 * Queues the renders of one export, all of them or none: a multi-page export that
	 * does not fit is refused whole, leaving nothing behind to run for nobody.
	 * @throws RenderQueueFull when they cannot all wait now
	 */
	public List<CompletableFuture<RenderResult>> submitAll(List<RenderJob> jobs) {
		Instant now = Instant.now();
		List<QueuedRender> tasks = jobs.stream()
			.map((job) -> new QueuedRender(job, new CompletableFuture<>(), now))
			.toList();
		if (!this.running || !fits(tasks.size()) || !this.queue.offerAll(tasks)) {
			throw new RenderQueueFull(retryAfter());
		}
		for (QueuedRender task : tasks) {
			// A caller that gave up takes its renders back out while they still wait.
			task.result().whenComplete((result, failure) -> {
				if (failure != null) {
					this.queue.remove(task);
				}
			});
		}
		return tasks.stream().map(QueuedRender::result).toList();
	}

	/**
	 * Whether {@code renders} more may wait: while the queue has room for all of them,
	 * or, when nothing waits, up to {@code max-pages}, so that a long PDF runs on an idle
	 * server whatever the queue's size.
	 */
	private boolean fits(int renders) {
		int waiting = this.queue.size();
		return (waiting == 0) ? renders <= Math.max(this.properties.queueCapacity(), this.properties.maxPages())
				: waiting + renders <= this.properties.queueCapacity();
	}

	/** The most pages one export may have. */
	public int maxPages() {
		return this.properties.maxPages();
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
		return this.times.retryAfter(this.queue.size(), this.admission.admitted());
	}

	/** Renders done so far, whatever their outcome. */
	public long renders() {
		return this.times.renders();
	}

	/** Browser contexts open right now; 0 when idle, or something leaked. */
	public int openContexts() {
		return this.openContexts.get();
	}

	public int queued() {
		return this.queue.size();
	}

	/** Renders admitted at once now. */
	public int admitted() {
		return this.admission.admitted();
	}

	/** The processes of the shared browsers, for tests that kill them. */
	List<ProcessHandle> browserProcesses() {
		return this.browsers.processes();
	}

	private void work(RenderThread renderer) {
		while (this.running) {
			if (!this.admission.tryEnter()) {
				sleep(IDLE_POLL);
				continue;
			}
			try {
				QueuedRender task = this.queue.poll(IDLE_POLL);
				if (task == null) {
					this.watchdog.idle();
					renderer.sweep();
				}
				else if (!task.result().isDone()) {
					renderer.render(task);
				}
			}
			catch (InterruptedException ex) {
				break;
			}
			finally {
				this.admission.leave();
			}
		}
		renderer.close();
	}

	private BrowserSession attach(BrowserServer server) {
		return new BrowserSession(this.properties, this.openContexts, this.phases, this.setups, this.isolation,
				this.warm, server);
	}

	/**
	 * Readiness of the render engine (in the readiness group): DOWN when it cannot make
	 * progress.
	 */
	@Bean("renderEngine")
	HealthIndicator renderEngineHealth() {
		return this.watchdog;
	}

	private void watch() {
		while (this.running) {
			sleep(Duration.ofSeconds(1));
			try {
				this.watchdog.check(Instant.now());
			}
			catch (RuntimeException ex) {
				log.warn("The render watchdog failed: {}", ex.getMessage());
			}
		}
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
		for (Thread thread : this.threads) {
			thread.join(5_000);
		}
		this.queue.drain()
			.forEach((task) -> task.result().completeExceptionally(new RenderFailed("The server is stopping.")));
		this.browsers.close();
		this.isolation.close();
	}

}
