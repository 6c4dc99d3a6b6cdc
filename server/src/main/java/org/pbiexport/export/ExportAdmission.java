package org.pbiexport.export;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.catalog.ReportChanged;
import org.pbiexport.queue.Signals;
import org.pbiexport.web.ApiProblem;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The first step of every export, direct or as a job: everything that can refuse a
 * request is decided here, before the cache is asked — the request itself, the
 * catalogue's checks (report, pages, filter values, sizes), the stored address still on
 * the allowlist (409), filters that cannot be written into it or make it too long (400),
 * a Power BI credential the render mode needs (409). A refusal is counted once, in
 * {@code pbi_export_refusals_total{reason}}, and never reaches the cache, so a file
 * rendered before the rules changed is not served for a request they now refuse.
 * <p>
 * A repeated request skips the planning: the admitted export is remembered by the request
 * as parsed, for a short while, and forgotten as soon as any report changes (a new
 * version, disabled, deleted, other filter values). Reused, it is still checked against
 * the caller's report scope (API keys limited to some reports). Scaled out, every node
 * hears of an edit on any node through a signal.
 */
@Component
class ExportAdmission {

	/**
	 * How long a remembered export is reused: report changes forget it at once; this
	 * bounds what no event announces (a credential edited, another instance's edit).
	 */
	static final Duration REMEMBER = Duration.ofSeconds(10);

	private final ExportPlanner planner;

	private final RenderTargets targets;

	private final Captures captures;

	private final MeterRegistry meters;

	private final Cache<ExportInput, Remembered> recent = Caffeine.newBuilder()
		.maximumSize(2_000)
		.expireAfterWrite(REMEMBER)
		.build();

	/** Counts report changes: an export planned before the latest one is not reused. */
	private final AtomicLong generation = new AtomicLong();

	private final Signals signals;

	ExportAdmission(ExportPlanner planner, RenderTargets targets, Captures captures, MeterRegistry meters,
			Signals signals) {
		this.planner = planner;
		this.targets = targets;
		this.captures = captures;
		this.meters = meters;
		this.signals = signals;
		// Scaled out, an edit on another node makes this node's remembered exports stale.
		signals.subscribe(REPORTS_CHANGED, (report) -> forget());
	}

	/** The signal that a report changed somewhere, with its id. */
	static final String REPORTS_CHANGED = "reports-changed";

	private record Remembered(Admitted export, long generation) {
	}

	/**
	 * Admits a client's request, or refuses it with the problem to answer.
	 * @param request reads the request (its own refusals, such as a malformed switch,
	 * count like the others)
	 * @param access the reports the caller may see
	 * @param appBaseUrl where the renderer reaches this app
	 */
	Admitted admit(Supplier<ExportInput> request, ReportAccess access, String appBaseUrl) {
		try {
			ExportInput input = request.get();
			Remembered known = this.recent.getIfPresent(input);
			if (known != null && known.generation() == this.generation.get()
					&& known.export().appBaseUrl().equals(appBaseUrl) && access.allows(known.export().reportId())) {
				return known.export();
			}
			// Read before planning: a report change while planning makes this one stale.
			long generation = this.generation.get();
			Admitted admitted = check(this.planner.plan(input, access), appBaseUrl, input.dryRun());
			this.recent.put(input, new Remembered(admitted, generation));
			return admitted;
		}
		catch (ApiProblem refused) {
			throw counted(refused);
		}
	}

	/** Admits a plan made without a client's request (an admin's page preview). */
	Admitted admit(ExportPlan plan, String appBaseUrl) {
		try {
			return check(plan, appBaseUrl, false);
		}
		catch (ApiProblem refused) {
			throw counted(refused);
		}
	}

	private Admitted check(ExportPlan plan, String appBaseUrl, boolean dryRun) {
		this.captures.checkPages(plan);
		RenderTarget target = this.targets.of(plan, appBaseUrl);
		this.captures.checkCredentials(plan);
		return new Admitted(plan, target, appBaseUrl, ExportFiles.Labels.of(plan), dryRun);
	}

	/** Counts a refusal decided after admission (a full render queue). */
	ApiProblem counted(ApiProblem refused) {
		String reason = refused.type().getPath().substring(refused.type().getPath().lastIndexOf('/') + 1);
		Counter.builder("pbi_export_refusals")
			.description("export requests refused, by problem type")
			.tag("reason", reason)
			.register(this.meters)
			.increment();
		return refused;
	}

	/**
	 * Forgets every remembered export: the changed report's may now be refused; and tells
	 * the other nodes to forget theirs.
	 */
	@TransactionalEventListener
	void reportChanged(ReportChanged event) {
		forget();
		try {
			this.signals.publish(REPORTS_CHANGED, event.id().toString());
		}
		catch (RuntimeException ex) {
			// Redis away: the other nodes forget within REMEMBER anyway.
		}
	}

	private void forget() {
		this.generation.incrementAndGet();
		this.recent.invalidateAll();
	}

}
