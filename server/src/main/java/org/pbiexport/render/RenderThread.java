package org.pbiexport.render;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import com.microsoft.playwright.PlaywrightException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the pool's render threads and its own connection to a shared browser: renders
 * the jobs {@link RenderPool} hands it, attaches anew when its browser died or reached
 * its render limit, tries a job whose browser died under it once more on a fresh one
 * while its budget lasts, and turns whatever went wrong into {@link RenderTimedOut} or
 * {@link RenderFailed} on the job's result.
 */
final class RenderThread {

	private static final Logger log = LoggerFactory.getLogger(RenderThread.class);

	private final int number;

	private final SharedBrowsers browsers;

	private final Function<BrowserServer, BrowserSession> attach;

	private final RenderWatchdog watchdog;

	private final Phases phases;

	private final MeterRegistry meters;

	private final RenderTimes times;

	private BrowserSession session;

	/**
	 * @param attach opens this thread's connection to a leased browser
	 */
	RenderThread(int number, SharedBrowsers browsers, Function<BrowserServer, BrowserSession> attach,
			RenderWatchdog watchdog, Phases phases, MeterRegistry meters, RenderTimes times) {
		this.number = number;
		this.browsers = browsers;
		this.attach = attach;
		this.watchdog = watchdog;
		this.phases = phases;
		this.meters = meters;
		this.times = times;
	}

	/** Renders a job that waited in the queue, completing its result whatever happens. */
	void render(QueuedRender waited) {
		this.phases.record("queue", Duration.between(waited.queuedAt(), Instant.now()));
		QueuedRender task = new QueuedRender(waited.job().started(Instant.now()), waited.result(), waited.queuedAt());
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "ok";
		String rule = "none";
		try {
			if (!Instant.now().isBefore(waited.job().deadline())) {
				throw new RenderTimedOut(waited.job().background()
						? "The export job waited in the queue longer than its queue-wait limit."
						: "The export waited in the queue for its whole time budget.");
			}
			healthy();
			RenderResult result;
			try {
				this.watchdog.started(this.number, task.job().deadline(), this.session.server());
				result = this.session.render(task.job());
			}
			catch (PlaywrightException ex) {
				if (this.session.connected() || !Instant.now().isBefore(task.job().deadline())) {
					throw ex;
				}
				log.warn("Chromium died during a render; retrying on a new browser");
				healthy();
				this.watchdog.started(this.number, task.job().deadline(), this.session.server());
				result = this.session.render(task.job());
			}
			this.browsers.rendered(this.session.server());
			rule = result.readinessRule();
			this.times.took(result.took());
			task.result().complete(result);
		}
		catch (RenderTimedOut | RenderFailed ex) {
			outcome = (ex instanceof RenderTimedOut) ? "timeout" : "failed";
			task.result().completeExceptionally(ex);
		}
		catch (PlaywrightException ex) {
			boolean timedOut = !Instant.now().isBefore(task.job().deadline());
			outcome = timedOut ? "timeout" : "error";
			log.warn("Render of {} failed: {}", task.job().url(), ex.getMessage());
			task.result()
				.completeExceptionally(
						timedOut ? new RenderTimedOut("The report did not finish loading within its time budget.")
								: new RenderFailed("The browser could not render the report (" + firstLine(ex) + ")."));
		}
		catch (RuntimeException ex) {
			outcome = "error";
			log.error("Render failed unexpectedly", ex);
			task.result().completeExceptionally(ex);
		}
		finally {
			this.watchdog.finished(this.number);
			this.times.counted();
			sample.stop(Timer.builder("pbi_export_render")
				.tag("outcome", outcome)
				.tag("readiness", rule)
				.register(this.meters));
		}
	}

	private void healthy() {
		if (this.session != null && this.session.healthy()) {
			return;
		}
		if (this.session != null) {
			boolean died = !this.session.connected();
			log.info("Render thread {} attaches to a new browser ({})", this.number + 1,
					died ? "the browser died" : "render limit reached");
			if (died) {
				this.browsers.broken(this.session.server());
			}
			close();
		}
		BrowserServer server = this.browsers.lease(this.number);
		try {
			this.session = this.attach.apply(server);
		}
		catch (RuntimeException ex) {
			this.browsers.release(server);
			throw ex;
		}
	}

	/** Closes this thread's warm sessions that are due, while it is idle. */
	void sweep() {
		if (this.session != null) {
			this.session.sweep();
		}
	}

	/** Lets go of this thread's browser, when it stops or attaches anew. */
	void close() {
		if (this.session == null) {
			return;
		}
		try {
			this.session.close();
		}
		catch (RuntimeException ex) {
			log.debug("Closing a browser connection failed", ex);
		}
		this.browsers.release(this.session.server());
		// Released once: if attaching anew fails, the next render must not release it
		// again.
		this.session = null;
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

}
