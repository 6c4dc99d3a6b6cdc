package org.pbiexport.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The Export To File state machine of the {@link PowerBiStandIn}: an export is created
 * NotStarted, polled Running with {@code percentComplete} and {@code Retry-After}, and
 * ends Succeeded (its file can be downloaded) or Failed, as the knobs say.
 */
final class StandInExports {

	private final Supplier<String> baseUrl;

	private final Map<String, Export> exports = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	final AtomicInteger mostInFlight = new AtomicInteger();

	volatile int retryAfterSeconds = 1;

	volatile int pollsUntilDone = 2;

	final AtomicInteger exportRequestsToThrottle = new AtomicInteger();

	volatile int throttleRetryAfter = 1;

	final AtomicInteger pollsToThrottle = new AtomicInteger();

	final AtomicInteger exportsToFailAsBusy = new AtomicInteger();

	volatile int busyRetryAfter = 1;

	volatile String permanentFailure;

	volatile boolean neverFinish;

	StandInExports(Supplier<String> baseUrl) {
		this.baseUrl = baseUrl;
	}

	private enum Fate {

		SUCCEED, BUSY, FAIL, NEVER

	}

	/** An export's state; guarded by itself. */
	private static final class Export {

		final String id;

		final PowerBiStandIn.Report report;

		final String format;

		final List<PowerBiStandIn.Page> pages;

		final String filter;

		final JsonNode identities;

		final Fate fate;

		final int busyRetryAfter;

		final String failure;

		final Instant created = Instant.now();

		int polls;

		String status = "NotStarted";

		Instant ended;

		Export(String id, PowerBiStandIn.Report report, String format, List<PowerBiStandIn.Page> pages, String filter,
				JsonNode identities, Fate fate, int busyRetryAfter, String failure) {
			this.id = id;
			this.report = report;
			this.format = format;
			this.pages = pages;
			this.filter = filter;
			this.identities = identities;
			this.fate = fate;
			this.busyRetryAfter = busyRetryAfter;
			this.failure = failure;
		}

	}

	/** Answers a status poll or a file download of a known report's export. */
	void answer(HttpExchange exchange, PowerBiStandIn.Report report, String exportId, boolean file) throws IOException {
		Export export = this.exports.get(exportId);
		if (export == null || export.report != report) {
			PowerBiStandIn.send(exchange, 404, "application/json", PowerBiStandIn.entityNotFound(), Map.of());
		}
		else if (file) {
			file(exchange, export);
		}
		else {
			status(exchange, export);
		}
	}

	List<PowerBiStandIn.ExportRecord> records() {
		return this.exports.values().stream().map((export) -> {
			synchronized (export) {
				return new PowerBiStandIn.ExportRecord(export.id, export.report.id(), export.format,
						export.pages.stream().map(PowerBiStandIn.Page::name).toList(), export.filter, export.identities,
						export.created, export.ended);
			}
		}).sorted(java.util.Comparator.comparing(PowerBiStandIn.ExportRecord::created)).toList();
	}

	void exportTo(HttpExchange exchange, PowerBiStandIn.Report report, String body) throws IOException {
		if (this.exportRequestsToThrottle.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
			PowerBiStandIn.send(exchange, 429, "application/json",
					PowerBiStandIn.error("TooManyRequests",
							"The capacity has too many exports " + "in progress. Try again later."),
					Map.of("Retry-After", String.valueOf(this.throttleRetryAfter)));
			return;
		}
		JsonNode request = PowerBiStandIn.parse(body);
		String format = request.path("format").asString("");
		JsonNode configuration = request.path("powerBIReportConfiguration");
		if (!format.equals("PDF") && !format.equals("PNG") && !format.equals("PPTX")) {
			PowerBiStandIn.send(exchange, 400, "application/json", PowerBiStandIn.error("InvalidRequest",
					"The stand-in exports PDF, PNG and PPTX, not '" + format + "'"), Map.of());
			return;
		}
		if (configuration.path("reportLevelFilters").size() > 1) {
			PowerBiStandIn.send(exchange, 400, "application/json",
					PowerBiStandIn.error("InvalidRequest", "Only one report level filter is supported"), Map.of());
			return;
		}
		List<PowerBiStandIn.Page> pages = new ArrayList<>();
		for (JsonNode wanted : configuration.path("pages").values()) {
			String name = wanted.path("pageName").asString("");
			PowerBiStandIn.Page page = report.pages()
				.stream()
				.filter((known) -> known.name().equals(name))
				.findFirst()
				.orElse(null);
			if (page == null) {
				PowerBiStandIn.send(exchange, 400, "application/json",
						PowerBiStandIn.error("InvalidRequest", "Page '" + name + "' was not found in the report"),
						Map.of());
				return;
			}
			pages.add(page);
		}
		if (pages.isEmpty()) {
			pages.addAll(report.pages());
		}
		JsonNode identities = configuration.path("identities");
		if (report.rowLevelSecurity() && identities.isEmpty()) {
			PowerBiStandIn.send(exchange, 400, "application/json",
					PowerBiStandIn.error("InvalidRequest", "Creating embed token for accessing dataset "
							+ report.datasetId() + " requires effective identity to be provided"),
					Map.of());
			return;
		}
		JsonNode filterNode = configuration.path("reportLevelFilters").path(0).path("filter");
		String filter = filterNode.isString() ? filterNode.asString() : null;
		Fate fate = (this.exportsToFailAsBusy.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) ? Fate.BUSY
				: (this.permanentFailure != null) ? Fate.FAIL : this.neverFinish ? Fate.NEVER : Fate.SUCCEED;
		// Power BI's export ids are base64 and may hold '/', '+' and '='.
		String id = Base64.getEncoder()
			.encodeToString(("/" + UUID.randomUUID() + "+").getBytes(StandardCharsets.UTF_8));
		Export export = new Export(id, report, format, List.copyOf(pages), filter,
				identities.isMissingNode() ? MissingNode.getInstance() : identities, fate, this.busyRetryAfter,
				this.permanentFailure);
		this.exports.put(id, export);
		int inFlight = this.inFlight.incrementAndGet();
		this.mostInFlight.accumulateAndGet(inFlight, Math::max);
		synchronized (export) {
			PowerBiStandIn.sendJson(exchange, 202, exportJson(export, 0),
					Map.of("Retry-After", String.valueOf(this.retryAfterSeconds)));
		}
	}

	private void status(HttpExchange exchange, Export export) throws IOException {
		if (this.pollsToThrottle.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
			PowerBiStandIn.send(exchange, 429, "application/json",
					PowerBiStandIn.error("TooManyRequests", "Too many requests"),
					Map.of("Retry-After", String.valueOf(this.throttleRetryAfter)));
			return;
		}
		synchronized (export) {
			export.polls++;
			boolean done = export.fate != Fate.NEVER && export.polls >= this.pollsUntilDone;
			if (!done) {
				export.status = "Running";
				int percent = (export.fate == Fate.NEVER) ? Math.min(90, export.polls * 10)
						: 100 * export.polls / this.pollsUntilDone;
				PowerBiStandIn.sendJson(exchange, 202, exportJson(export, percent),
						Map.of("Retry-After", String.valueOf(this.retryAfterSeconds)));
				return;
			}
			if (export.fate == Fate.SUCCEED) {
				export.status = "Succeeded";
				PowerBiStandIn.sendJson(exchange, 200, exportJson(export, 100), Map.of());
				return;
			}
			export.status = "Failed";
			end(export);
			Map<String, Object> failed = exportJson(export, 0);
			if (export.fate == Fate.BUSY) {
				failed.put("error", Map.of("code", "ExportCapacityBusy", "message",
						"The capacity is busy exporting other reports. Try again later."));
				PowerBiStandIn.sendJson(exchange, 200, failed,
						Map.of("Retry-After", String.valueOf(export.busyRetryAfter)));
			}
			else {
				failed.put("error", Map.of("code", "ExportFailed", "message", export.failure));
				PowerBiStandIn.sendJson(exchange, 200, failed, Map.of());
			}
		}
	}

	private void file(HttpExchange exchange, Export export) throws IOException {
		synchronized (export) {
			if (!export.status.equals("Succeeded")) {
				PowerBiStandIn.send(exchange, 400, "application/json",
						PowerBiStandIn.error("InvalidRequest", "The export has not succeeded: " + export.status),
						Map.of());
				return;
			}
			end(export);
		}
		List<Integer> orders = export.pages.stream().map((page) -> export.report.pages().indexOf(page)).toList();
		if (export.format.equals("PDF")) {
			PowerBiStandIn.send(exchange, 200, "application/pdf", StandInFiles.pdf(export.pages, orders, export.filter),
					Map.of());
		}
		else if (export.format.equals("PPTX")) {
			PowerBiStandIn.send(exchange, 200,
					"application/vnd.openxmlformats-officedocument.presentationml.presentation",
					StandInFiles.pptx(export.pages, orders, export.filter), Map.of());
		}
		else if (export.pages.size() == 1) {
			PowerBiStandIn.send(exchange, 200, "image/png",
					StandInFiles.png(export.pages.get(0), orders.get(0), export.filter), Map.of());
		}
		else {
			PowerBiStandIn.send(exchange, 200, "application/zip", StandInFiles.zip(export.pages, orders, export.filter),
					Map.of());
		}
	}

	private void end(Export export) {
		if (export.ended == null) {
			export.ended = Instant.now();
			this.inFlight.decrementAndGet();
		}
	}

	private Map<String, Object> exportJson(Export export, int percent) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", export.id);
		json.put("createdDateTime", export.created.toString());
		json.put("lastActionDateTime", Instant.now().toString());
		json.put("reportId", export.report.id());
		json.put("reportName", export.report.name());
		json.put("status", export.status);
		json.put("percentComplete", percent);
		if (export.status.equals("Succeeded")) {
			json.put("resourceLocation",
					this.baseUrl.get() + "/v1.0/myorg/groups/" + export.report.workspaceId() + "/reports/"
							+ export.report.id() + "/exports/"
							+ java.net.URLEncoder.encode(export.id, StandardCharsets.UTF_8) + "/file");
			json.put("resourceFileExtension", export.format.equals("PDF") ? ".pdf"
					: export.format.equals("PPTX") ? ".pptx" : (export.pages.size() == 1) ? ".png" : ".zip");
			json.put("expirationTime", Instant.now().plus(Duration.ofHours(24)).toString());
		}
		return json;
	}

}
