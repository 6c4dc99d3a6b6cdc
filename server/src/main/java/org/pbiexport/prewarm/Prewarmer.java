package org.pbiexport.prewarm;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.pbiexport.audit.ExportDemand;
import org.pbiexport.audit.ExportDemand.AskedExport;
import org.pbiexport.catalog.ReportChanged;
import org.pbiexport.export.ScheduledExports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a report's most asked-for exports again once it was edited (its cached files
 * are dropped then), one after another on a thread of its own, as background exports that
 * wait behind people's: the next request for them is a cache hit. An export that the
 * edited report no longer allows (a value taken away, a page deleted) is skipped.
 */
@Component
class Prewarmer implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Prewarmer.class);

	private final PrewarmProperties properties;

	private final ExportDemand demand;

	private final ScheduledExports exports;

	private final JsonMapper json;

	private final Clock clock;

	private final MeterRegistry meters;

	/**
	 * One pre-warm at a time, edits' and the cache sweep's ({@link PrewarmSweep}); a
	 * report edited while 16 wait is warmed at its next edit.
	 */
	private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new ArrayBlockingQueue<>(16), (runnable) -> {
				Thread thread = new Thread(runnable, "prewarm");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.DiscardPolicy());

	Prewarmer(PrewarmProperties properties, ExportDemand demand, ScheduledExports exports, JsonMapper json,
			ObjectProvider<Clock> clock, MeterRegistry meters) {
		this.properties = properties;
		this.demand = demand;
		this.exports = exports;
		this.json = json;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
		this.meters = meters;
	}

	@TransactionalEventListener
	void reportChanged(ReportChanged event) {
		if (this.properties.top() > 0) {
			this.worker.execute(() -> warm(event.id().value()));
		}
	}

	/** Runs a pre-warm on the pre-warming thread, behind those waiting. */
	void submit(Runnable warm) {
		this.worker.execute(warm);
	}

	/**
	 * Counts a pre-warm render: {@code rendered}, {@code refreshed} or {@code skipped}.
	 */
	void count(String result) {
		this.meters.counter("pbi_export_prewarm_renders", "result", result).increment();
	}

	private void warm(long reportId) {
		List<AskedExport> asked = this.demand.mostAsked(reportId, this.properties.top(),
				this.clock.instant().minus(this.properties.window()));
		int rendered = 0;
		for (AskedExport export : asked) {
			try {
				this.exports.render(body(reportId, export));
				rendered++;
				count("rendered");
			}
			catch (RuntimeException ex) {
				// Refused by the edited report, or failed: people's own request will say
				// why.
				count("skipped");
				log.info("Pre-warming report {}: skipped {} {} ({})", reportId, export.format(), export.filters(),
						ex.getMessage());
			}
		}
		log.info("Pre-warmed report {}: {} of its {} most asked-for exports rendered", reportId, rendered,
				asked.size());
	}

	/** The export as the body of {@code POST /api/export}. */
	ObjectNode body(long reportId, AskedExport export) {
		ObjectNode body = this.json.createObjectNode();
		body.put("report_id", reportId);
		body.put("format", export.format());
		ArrayNode pages = body.putArray("pages");
		export.pages().forEach(pages::add);
		ObjectNode filters = body.putObject("filters");
		for (Map.Entry<String, List<String>> filter : export.filters().entrySet()) {
			if (filter.getValue().size() == 1) {
				filters.put(filter.getKey(), filter.getValue().get(0));
			}
			else {
				ArrayNode values = filters.putArray(filter.getKey());
				filter.getValue().forEach(values::add);
			}
		}
		return body;
	}

	@Override
	public void destroy() {
		this.worker.shutdownNow();
	}

}
