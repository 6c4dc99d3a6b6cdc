package org.pbiexport.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import org.pbiexport.cache.ArtifactStore;
import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;

/**
 * The one way in for exports that no client waits on (schedules): a request described as
 * the body of {@code POST /api/export} is checked as any export is, and rendered through
 * the same admission, cache, single flight and render queue, as a background export that
 * waits behind interactive ones. Nothing of the module's internals leaves it: the caller
 * gets the file's bytes, name and type, or the problem that refused or failed it. One
 * file per value ({@code each}) is made as for {@code POST /api/exports} and handed over
 * on disk ({@link Burst}), never whole in memory.
 */
@Service
public class ScheduledExports implements ApplicationListener<WebServerInitializedEvent> {

	private final ExportAdmission admission;

	private final ExportPlanner planner;

	private final ExportEngine engine;

	/** Where the renderer reaches this app: known once the web server listens. */
	private volatile String baseUrl = "http://127.0.0.1:8080";

	private final BurstExport bursts;

	private final ExportProperties properties;

	private final ArtifactStore store;

	ScheduledExports(ExportAdmission admission, ExportPlanner planner, ExportEngine engine, BurstExport bursts,
			ExportProperties properties, ArtifactStore store) {
		this.store = store;
		this.admission = admission;
		this.planner = planner;
		this.engine = engine;
		this.bursts = bursts;
		this.properties = properties;
	}

	/**
	 * A rendered file.
	 *
	 * @param bytes the file
	 * @param fileName the name people get, {@code <report>-<page>-<values>.<ext>}
	 * @param contentType its media type
	 */
	public record File(byte[] bytes, String fileName, String contentType) {
	}

	/**
	 * Checks a request against the catalogue now, without rendering; {@code each},
	 * {@code each_values} and {@code combine} as on {@code POST /api/exports}.
	 * @param request {@code {"report_id": 1, "pages": [], "format": "pdf", "filters":
	 * {...}}}
	 * @throws ApiProblem 400 naming every field at fault ({@code filters.Year},
	 * {@code each_values[2]}), 404 for an unknown report
	 */
	public void check(JsonNode request) {
		List<FieldProblem> problems = new ArrayList<>();
		Optional<BurstRequest> burst = collect(problems, () -> BurstRequest.parse(request)).flatMap((b) -> b);
		boolean split = BurstRequest.FIELDS.stream().anyMatch(request::has);
		Optional<ExportInput> input = collect(problems,
				() -> ExportBody.parse(split ? BurstRequest.shared(request) : request));
		if (input.isPresent()) {
			collect(problems, () -> this.planner.plan(input.get(), ReportAccess.all()));
			burst.ifPresent(
					(each) -> collect(problems, () -> each.check(this.planner.report(input.get(), ReportAccess.all()),
							input.get(), this.properties.maxBurstValues())));
		}
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems);
		}
	}

	/**
	 * The answer, or empty with the 400's problems added; other problems (404) are
	 * thrown.
	 */
	private static <T> Optional<T> collect(List<FieldProblem> problems, java.util.function.Supplier<T> step) {
		try {
			return Optional.of(step.get());
		}
		catch (ApiProblem ex) {
			if (ex.errors().isEmpty()) {
				throw ex;
			}
			problems.addAll(ex.errors());
			return Optional.empty();
		}
	}

	/**
	 * Renders the request (or takes its file from the cache), waiting for it.
	 * @throws ApiProblem why it was refused or failed, in words
	 */
	public File render(JsonNode request) {
		Admitted export = this.admission.admit(() -> ExportBody.parse(request), ReportAccess.all(), this.baseUrl);
		ExportFile file = this.engine.start(export, true).await();
		return new File(file.bytes(), file.fileName(), file.format().contentType());
	}

	/**
	 * How much longer the request's file stays in the cache: empty when it is not there
	 * (never made, expired, dropped by a report edit or for room). Asks the cache only,
	 * without reading the file.
	 * @throws ApiProblem as {@link #check}
	 */
	public Optional<Duration> cachedFor(JsonNode request) {
		ExportPlan plan = this.planner.plan(ExportBody.parse(request), ReportAccess.all());
		return this.store.remaining(plan.report().id().toString(), plan.cacheKey().value());
	}

	/**
	 * Renders the request again although its file may still be cached: the cached file is
	 * dropped first, so the render (here, or on a worker when scaled out) is a fresh one
	 * with a full time to live. Requests meanwhile share this render.
	 * @throws ApiProblem why it was refused or failed, in words
	 */
	public File renderAnew(JsonNode request) {
		ExportPlan plan = this.planner.plan(ExportBody.parse(request), ReportAccess.all());
		this.store.remove(plan.report().id().toString(), plan.cacheKey().value());
		return render(request);
	}

	/**
	 * One file per value of a filter, made as the file of a job of
	 * {@code POST /api/exports} is (docs/contract.md "Export jobs"), waiting for it.
	 * @param request as for {@link #check}, with {@code each}
	 * @throws ApiProblem why it was refused; or, when no value could be exported, every
	 * value and why
	 */
	public Burst renderEach(JsonNode request) {
		BurstRequest burst = BurstRequest.parse(request)
			.orElseThrow(() -> ApiProblem.invalid("each", "names the filter to make one file per value of"));
		String id = "schedule-" + UUID.randomUUID();
		BurstExport.Detached run = this.bursts.startDetached(burst, request, this.baseUrl, id);
		Path file;
		try {
			file = run.file().join();
		}
		catch (CompletionException ex) {
			List<FailedValue> failed = failedValues(id);
			ApiProblem problem = ExportFailures.of(ex.getCause());
			if (failed.isEmpty()) {
				throw problem;
			}
			throw ApiProblem.of(problem.status(), problem.type().getPath().replaceFirst("^/problems/", ""),
					problem.title(),
					"None of the " + failed.size() + " values could be exported: " + FailedValue.words(failed));
		}
		try {
			ExportFormat format = burst.combine() ? ExportFormat.PDF : ExportFormat.ZIP;
			return new Burst(file, run.fileName(), format.contentType(), Files.size(file),
					this.bursts.progress(id).map(BurstProgress.Snapshot::total).orElse(0), failedValues(id));
		}
		catch (IOException ex) {
			JobFiles.deleteQuietly(file);
			throw new UncheckedIOException(ex);
		}
	}

	private List<FailedValue> failedValues(String id) {
		return this.bursts.progress(id)
			.map((snapshot) -> snapshot.failed()
				.stream()
				.map((failure) -> new FailedValue(failure.value(), failure.problem().getMessage()))
				.toList())
			.orElse(List.of());
	}

	/**
	 * The file of one file per value, on disk until {@link #close} drops it.
	 *
	 * @param file the zip (one entry per value) or the combined PDF
	 * @param fileName the name people get, {@code <report>-<page>-<values>.zip}
	 * @param contentType its media type
	 * @param size its size in bytes
	 * @param values how many values it was asked for
	 * @param failed the values that could not be exported, and why; the file has the
	 * others
	 */
	public record Burst(Path file, String fileName, String contentType, long size, int values,
			List<FailedValue> failed) implements AutoCloseable {

		public Burst {
			failed = List.copyOf(failed);
		}

		@Override
		public void close() {
			JobFiles.deleteQuietly(this.file);
		}

	}

	/**
	 * A value whose export failed.
	 *
	 * @param value the value
	 * @param reason why, in words
	 */
	public record FailedValue(String value, String reason) {

		/** {@code 'West': why; 'East': why}. */
		public static String words(List<FailedValue> failed) {
			StringBuilder text = new StringBuilder();
			failed.forEach((failure) -> text.append((text.length() > 0) ? "; " : "")
				.append('\'')
				.append(failure.value())
				.append("': ")
				.append(failure.reason()));
			return text.toString();
		}

	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return; // a management server on its own port serves no demo pages
		}
		String contextPath = event.getApplicationContext()
			.getEnvironment()
			.getProperty("server.servlet.context-path", "");
		this.baseUrl = "http://127.0.0.1:" + event.getWebServer().getPort() + contextPath;
	}

}
