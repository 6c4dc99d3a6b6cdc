package org.pbiexport.prewarm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.pbiexport.audit.ExportDemand;
import org.pbiexport.audit.ExportDemand.AskedExport;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.export.ScheduledExports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ObjectNode;

/**
 * Pre-warming after a cache expiry: every {@code pbi-export.prewarm.refresh} the top
 * exports of each enabled report are looked up in the cache (its time to live only, not
 * the file, so the same for the memory, disk and Redis stores); one whose file is gone is
 * rendered again, one whose file expires before the next sweep is dropped and rendered
 * anew, so the next request for it is a hit. Renders run on the pre-warming thread as
 * background exports, behind people's. On nodes that answer HTTP only (not workers).
 * Scaled out, each web node sweeps, from a random offset, looking each export up just
 * before it renders it; renders of one export share the cluster's single flight, and one
 * finished meanwhile is a hit there, so the cluster renders it once.
 */
@Component
@ConditionalOnExpression("${pbi-export.prewarm.top:0} > 0 and '${pbi-export.role:all}' != 'worker'")
class PrewarmSweep implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PrewarmSweep.class);

	private final PrewarmProperties properties;

	private final Prewarmer prewarmer;

	private final Catalog catalog;

	private final ExportDemand demand;

	private final ScheduledExports exports;

	private final TaskScheduler scheduler;

	private final Clock clock;

	/** Whether a sweep waits or runs: a slow sweep is not queued twice. */
	private final AtomicBoolean pending = new AtomicBoolean();

	private @Nullable ScheduledFuture<?> sweeping;

	PrewarmSweep(PrewarmProperties properties, Prewarmer prewarmer, Catalog catalog, ExportDemand demand,
			ScheduledExports exports, TaskScheduler scheduler, ObjectProvider<Clock> clock) {
		this.properties = properties;
		this.prewarmer = prewarmer;
		this.catalog = catalog;
		this.demand = demand;
		this.exports = exports;
		this.scheduler = scheduler;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** Sweeps on the pre-warming thread, unless a sweep waits or runs already. */
	private void offer() {
		if (this.pending.compareAndSet(false, true)) {
			this.prewarmer.submit(() -> {
				try {
					sweep();
				}
				finally {
					this.pending.set(false);
				}
			});
		}
	}

	/**
	 * Renders again the top exports whose file is gone or expires before the next sweep;
	 * how many.
	 */
	int sweep() {
		Instant since = this.clock.instant().minus(this.properties.window());
		int rendered = 0;
		for (ReportSummary report : this.catalog.enabledReports(ReportAccess.all())) {
			long reportId = report.id().value();
			List<AskedExport> top = this.demand.mostAsked(reportId, this.properties.top(), since);
			for (AskedExport export : top) {
				if (refresh(reportId, export)) {
					rendered++;
				}
			}
		}
		if (rendered > 0) {
			log.info("Pre-warming: {} top exports rendered again as their cached files expired", rendered);
		}
		return rendered;
	}

	private boolean refresh(long reportId, AskedExport export) {
		ObjectNode body = this.prewarmer.body(reportId, export);
		try {
			Optional<Duration> left = this.exports.cachedFor(body);
			if (left.isPresent() && left.get().compareTo(this.properties.refresh()) > 0) {
				return false;
			}
			if (left.isPresent()) {
				this.exports.renderAnew(body);
			}
			else {
				this.exports.render(body);
			}
			this.prewarmer.count("refreshed");
			return true;
		}
		catch (RuntimeException ex) {
			// No longer allowed (a value taken away), or failed: people's own request
			// will say why.
			this.prewarmer.count("skipped");
			log.debug("Pre-warming report {}: skipped {} {} ({})", reportId, export.format(), export.filters(),
					ex.getMessage());
			return false;
		}
	}

	@Override
	public synchronized void start() {
		long offset = ThreadLocalRandom.current().nextLong(this.properties.refresh().toMillis() + 1);
		this.sweeping = this.scheduler.scheduleWithFixedDelay(this::offer,
				Instant.now().plus(this.properties.refresh()).plusMillis(offset), this.properties.refresh());
	}

	@Override
	public synchronized void stop() {
		if (this.sweeping != null) {
			this.sweeping.cancel(false);
			this.sweeping = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.sweeping != null;
	}

}
