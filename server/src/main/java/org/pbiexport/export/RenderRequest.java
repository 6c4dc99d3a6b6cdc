package org.pbiexport.export;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.queue.JobCodec;
import org.pbiexport.web.ApiProblem;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An admitted export on its way from a web node to a worker, as a plain value the queue
 * keeps in Redis: which report at which version, its pages, the filter values in their
 * canonical text, the output, the cache key the web node computed and the time budget. No
 * address and no secret travels: the worker plans the export again from the catalogue,
 * checks that it comes to the same cache key (else the report changed meanwhile), and
 * renders it with its own credentials.
 *
 * @param deadline when the budget runs out; for a background export, the latest it may
 * start
 * @param budgetFromStart a background export's budget, which starts when a worker takes
 * it; null for an interactive one
 * @param client whose export it is, for fair queueing; null when unknown
 */
record RenderRequest(long report, long version, List<String> pages, Map<String, List<String>> filters, String format,
		@Nullable Integer width, @Nullable Integer height, String scale, String cacheKey, Instant deadline,
		@Nullable Duration budgetFromStart, @Nullable String client) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, List<String>>> FILTERS = new TypeReference<>() {
	};

	RenderRequest {
		pages = List.copyOf(pages);
		filters = Map.copyOf(filters);
	}

	static RenderRequest of(ExportPlan plan, Instant deadline, Captures.Queueing queueing) {
		Map<String, List<String>> filters = new LinkedHashMap<>();
		for (ExportPlan.AppliedFilter applied : plan.filters()) {
			filters.put(applied.filter().column(),
					applied.values().stream().map(applied.filter().type()::format).toList());
		}
		return new RenderRequest(plan.report().id().value(), plan.report().version(),
				plan.pages().stream().map(Page::name).toList(), filters, plan.format().wireName(), plan.width(),
				plan.height(), plan.scale().toPlainString(), plan.cacheKey().value(), deadline,
				queueing.budgetFromStart(), queueing.client());
	}

	boolean background() {
		return this.budgetFromStart != null;
	}

	/** The latest a worker may still be working on it. */
	Instant workUntil() {
		return background() ? this.deadline.plus(this.budgetFromStart) : this.deadline;
	}

	Captures.Queueing queueing() {
		return new Captures.Queueing(this.client, this.budgetFromStart);
	}

	/**
	 * The export planned again from the catalogue ({@code reports} finds a report by id),
	 * as the web node planned it.
	 * @throws ApiProblem 404 when the report is gone, 409 when it changed since
	 */
	ExportPlan plan(Function<ReportId, Optional<Report>> reports) {
		Report report = reports.apply(new ReportId(this.report))
			.orElseThrow(() -> ApiProblem.notFound("Report " + this.report + " was deleted while the export waited."));
		ApiProblem changed = ApiProblem.conflict("Report " + this.report
				+ " was changed while the export waited for a worker; ask for the export again.");
		if (report.version() != this.version) {
			throw changed;
		}
		List<Page> pages = new ArrayList<>();
		for (String name : this.pages) {
			pages.add(report.page(name).orElseThrow(() -> changed));
		}
		List<ExportPlan.AppliedFilter> applied = new ArrayList<>();
		for (Filter filter : report.filters()) {
			List<String> values = this.filters.get(filter.column());
			if (values != null) {
				applied.add(new ExportPlan.AppliedFilter(filter, values.stream().map(filter.type()::parse).toList()));
			}
		}
		ExportPlan plan = new ExportPlan(report, pages, applied,
				ExportFormat.fromWireName(this.format).orElseThrow(() -> changed), this.width, this.height,
				new BigDecimal(this.scale), false);
		if (!plan.cacheKey().value().equals(this.cacheKey)) {
			throw changed;
		}
		return plan;
	}

	/** Writes requests as stream entry fields, and reads them back. */
	static final JobCodec<RenderRequest> CODEC = new JobCodec<>() {

		@Override
		public Map<String, String> encode(RenderRequest request) {
			Map<String, String> fields = new HashMap<>();
			fields.put("report", Long.toString(request.report()));
			fields.put("version", Long.toString(request.version()));
			fields.put("pages", JSON.writeValueAsString(request.pages()));
			fields.put("filters", JSON.writeValueAsString(request.filters()));
			fields.put("format", request.format());
			fields.put("scale", request.scale());
			fields.put("key", request.cacheKey());
			fields.put("deadline", request.deadline().toString());
			put(fields, "width", request.width());
			put(fields, "height", request.height());
			put(fields, "budget", (request.budgetFromStart() != null) ? request.budgetFromStart().toString() : null);
			put(fields, "client", request.client());
			return fields;
		}

		@Override
		public RenderRequest decode(Map<String, String> fields) {
			return new RenderRequest(Long.parseLong(fields.get("report")), Long.parseLong(fields.get("version")),
					List.of(JSON.readValue(fields.get("pages"), String[].class)),
					JSON.readValue(fields.get("filters"), FILTERS), fields.get("format"), integer(fields.get("width")),
					integer(fields.get("height")), fields.get("scale"), fields.get("key"),
					Instant.parse(fields.get("deadline")),
					(fields.get("budget") != null) ? Duration.parse(fields.get("budget")) : null, fields.get("client"));
		}

		private static void put(Map<String, String> fields, String name, Object value) {
			if (value != null) {
				fields.put(name, value.toString());
			}
		}

		private static Integer integer(String text) {
			return (text != null) ? Integer.valueOf(text) : null;
		}

	};

}
