package org.pbiexport.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public HTTP API of one pbi-export server (docs/contract.md), with an optional API
 * key. Errors the server answers become {@link ApiException}s carrying its problem; a
 * server that cannot be reached becomes {@link ServerUnreachable}.
 */
public final class PbiExportClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration POLL = Duration.ofMillis(250);

	private final URI server;

	private final @Nullable String apiKey;

	private final Duration timeout;

	private final HttpClient http;

	/**
	 * A client of the server at {@code server}.
	 * @param server its address, e.g. {@code http://reports.example.com:8080}
	 * @param apiKey an API key, or {@code null} when the server needs none
	 * @param timeout the longest one request may take (an export renders within it)
	 */
	public PbiExportClient(URI server, @Nullable String apiKey, Duration timeout) {
		String address = server.toString().replaceAll("/+$", "");
		this.server = URI.create(address);
		this.apiKey = (apiKey == null || apiKey.isBlank()) ? null : apiKey.strip();
		this.timeout = timeout;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	}

	/**
	 * The server's address.
	 * @return its base URI
	 */
	public URI server() {
		return this.server;
	}

	/**
	 * The reports the key may see, by title.
	 * @return the reports
	 */
	public List<Report> reports() {
		List<Report> reports = new ArrayList<>();
		getJson("/api/reports").path("reports").forEach((node) -> reports.add(Json.report(node)));
		return reports;
	}

	/**
	 * A report's pages, in order.
	 * @param reportId the report
	 * @return its pages
	 */
	public List<Page> pages(long reportId) {
		List<Page> pages = new ArrayList<>();
		getJson("/api/pages/" + reportId).path("pages").forEach((node) -> pages.add(Json.page(node)));
		return pages;
	}

	/**
	 * A report's filters and the values they take.
	 * @param reportId the report
	 * @return its filters
	 */
	public List<Filter> filters(long reportId) {
		List<Filter> filters = new ArrayList<>();
		getJson("/api/filters/" + reportId).path("filters").forEach((node) -> filters.add(Json.filter(node)));
		return filters;
	}

	/**
	 * The catalogue's JSON exactly as the server answered it, for callers that pass it on
	 * (the command line's {@code --json}): {@code GET /api/reports},
	 * {@code /api/pages/{id}} or {@code /api/filters/{id}}.
	 * @param kind {@code reports}, {@code pages} or {@code filters}
	 * @param reportId the report for pages and filters; ignored for reports
	 * @return the answer's body, a JSON object
	 */
	public String catalogueJson(String kind, long reportId) {
		String path = switch (kind) {
			case "reports" -> "/api/reports";
			case "pages", "filters" -> "/api/" + kind + "/" + reportId;
			default -> throw new IllegalArgumentException("Not a catalogue path: " + kind);
		};
		return getJson(path).toString();
	}

	/**
	 * Exports and waits for the file ({@code POST /api/export}).
	 * @param request what to export
	 * @return the file
	 */
	public ExportedFile export(ExportRequest request) {
		return file(send(post("/api/export", Json.exportBody(request)), HttpResponse.BodyHandlers.ofByteArray()));
	}

	/**
	 * Starts an export job ({@code POST /api/exports}).
	 * @param request what to export
	 * @return the job as accepted
	 */
	public JobStatus submit(ExportRequest request) {
		return Json
			.job(json(send(post("/api/exports", Json.exportBody(request)), HttpResponse.BodyHandlers.ofByteArray())));
	}

	/**
	 * Where a job is.
	 * @param jobId the job
	 * @return its status
	 */
	public JobStatus job(String jobId) {
		return Json.job(getJson("/api/exports/" + encode(jobId)));
	}

	/**
	 * A finished job's file.
	 * @param jobId the job
	 * @return the file
	 */
	public ExportedFile jobFile(String jobId) {
		return file(send(get("/api/exports/" + encode(jobId) + "/file"), HttpResponse.BodyHandlers.ofByteArray()));
	}

	/**
	 * Exports through a job, telling {@code progress} what the job reports until it ends.
	 * @param request what to export
	 * @param progress told each status, the first and the last included
	 * @param cancelled asked between polls; when it says yes the wait stops
	 * @return the file
	 * @throws CancellationException when {@code cancelled} said so
	 */
	public ExportedFile exportAsJob(ExportRequest request, Consumer<JobStatus> progress, BooleanSupplier cancelled) {
		JobStatus status = submit(request);
		progress.accept(status);
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (!status.finished()) {
			if (cancelled.getAsBoolean()) {
				throw new CancellationException("The export was cancelled.");
			}
			if (System.nanoTime() > deadline) {
				throw new ServerUnreachable(this.server,
						"the export did not finish within " + this.timeout.toSeconds() + " s",
						new HttpTimeoutException("job " + status.id()));
			}
			pause();
			status = job(status.id());
			progress.accept(status);
		}
		if (status.error() != null) {
			throw new ApiException(status.error());
		}
		return jobFile(status.id());
	}

	/**
	 * Imports a filter file into a report (admin API; the key needs admin access).
	 * @param reportId the report
	 * @param file an {@code .xlsx}, {@code .xls} or {@code .csv} file as
	 * docs/import-format.md describes
	 * @param mode {@code merge} or {@code replace}
	 * @param dryRun only say what would change
	 * @return what the import did or would do
	 * @throws IOException when the file cannot be read
	 */
	public ImportSummary importFilters(long reportId, Path file, String mode, boolean dryRun) throws IOException {
		Multipart form = new Multipart().field("mode", mode)
			.field("dry_run", Boolean.toString(dryRun))
			.file("file", file);
		HttpRequest request = request("/api/admin/reports/" + reportId + "/filters/import")
			.header("Content-Type", form.contentType())
			.POST(form.publisher())
			.build();
		return Json.imported(json(send(request, HttpResponse.BodyHandlers.ofByteArray())));
	}

	private JsonNode getJson(String path) {
		return json(send(get(path), HttpResponse.BodyHandlers.ofByteArray()));
	}

	private HttpRequest get(String path) {
		return request(path).GET().build();
	}

	private HttpRequest post(String path, String json) {
		return request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.server + path))
			.timeout(this.timeout)
			.header("Accept", "application/json, application/problem+json, image/png, application/pdf, */*");
		if (this.apiKey != null) {
			builder.header("X-API-Key", this.apiKey);
		}
		return builder;
	}

	private HttpResponse<byte[]> send(HttpRequest request, HttpResponse.BodyHandler<byte[]> handler) {
		HttpResponse<byte[]> response;
		try {
			response = this.http.send(request, handler);
		}
		catch (HttpConnectTimeoutException | ConnectException ex) {
			throw new ServerUnreachable(this.server, "nothing answers there", ex);
		}
		catch (HttpTimeoutException ex) {
			throw new ServerUnreachable(this.server, "no answer within " + this.timeout.toSeconds() + " s", ex);
		}
		catch (IOException ex) {
			throw new ServerUnreachable(this.server, String.valueOf(ex.getMessage()), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CancellationException("Interrupted while waiting for the server.");
		}
		if (response.statusCode() >= 400) {
			throw new ApiException(problem(response));
		}
		return response;
	}

	private static ApiProblem problem(HttpResponse<byte[]> response) {
		try {
			JsonNode node = JSON.readTree(response.body());
			if (node != null && node.isObject() && node.has("type")) {
				return Json.problem(node, response.statusCode());
			}
		}
		catch (JacksonException ex) {
			// not a problem document: described from the status below
		}
		return new ApiProblem(response.statusCode(), "about:blank", "HTTP " + response.statusCode(),
				"The server answered " + response.statusCode() + " without saying why.", List.of());
	}

	private JsonNode json(HttpResponse<byte[]> response) {
		try {
			return JSON.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new ServerUnreachable(this.server, "the answer was not JSON; is this a pbi-export server?", ex);
		}
	}

	private static ExportedFile file(HttpResponse<byte[]> response) {
		String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
		String disposition = response.headers().firstValue("Content-Disposition").orElse("");
		boolean hit = response.headers().firstValue("X-Cache").orElse("").equalsIgnoreCase("HIT");
		return new ExportedFile(response.body(), type, FileNames.fromDisposition(disposition, type), hit);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static void pause() {
		try {
			Thread.sleep(POLL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CancellationException("Interrupted while waiting for the export.");
		}
	}

}
