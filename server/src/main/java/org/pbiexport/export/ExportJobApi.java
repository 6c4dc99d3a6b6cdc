package org.pbiexport.export;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.ProblemDisclosure;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * Export jobs of docs/contract.md: queue an export, follow its status, fetch its file.
 */
@RestController
@Tag(name = "Export")
class ExportJobApi {

	private final ExportAdmission admission;

	private final ExportJobs jobs;

	private final ExportFiles files;

	private final BurstExport bursts;

	ExportJobApi(ExportAdmission admission, ExportJobs jobs, ExportFiles files, BurstExport bursts) {
		this.admission = admission;
		this.bursts = bursts;
		this.jobs = jobs;
		this.files = files;
	}

	@PostMapping(path = "/api/exports", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Queue an export and follow it as a job",
			responses = @ApiResponse(responseCode = "202",
					description = "The job was queued; Location and status_url name its status",
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = Accepted.class))))
	ResponseEntity<Accepted> queue(@RequestBody JsonNode body, HttpServletRequest request,
			@Parameter(hidden = true) ReportAccess access) {
		ExportAudit.asked(request,
				body.path("report_id").isIntegralNumber() ? body.path("report_id").asString() : null);
		String appBaseUrl = ExportFiles.renderBaseUrl(request);
		Optional<BurstRequest> burst;
		try {
			burst = BurstRequest.parse(body);
		}
		catch (ApiProblem refused) {
			throw this.admission.counted(refused);
		}
		ExportJobs.Job job = burst.isPresent()
				? this.bursts.start(burst.get(), body, access, appBaseUrl, ExportAudit.caller(request))
				: this.jobs.start(this.admission.admit(() -> ExportBody.parse(body), access, appBaseUrl),
						ExportAudit.caller(request));
		String statusUrl = "/api/exports/" + job.id();
		return ResponseEntity.accepted()
			.location(URI.create(statusUrl))
			.body(new Accepted(job.id(), "queued", statusUrl));
	}

	@GetMapping("/api/exports/{job_id}")
	@Operation(operationId = "exportJobStatus", summary = "The status of an export job")
	Status status(@PathVariable("job_id") String jobId, HttpServletRequest request,
			@Parameter(hidden = true) ReportAccess access) {
		ExportJobs.Job job = job(jobId, access);
		String status = job.status();
		Optional<BurstProgress.Snapshot> values = this.bursts.progress(job.id());
		double progress = "running".equals(status) ? values.map(BurstProgress.Snapshot::fraction).orElse(0.0) : 1.0;
		return new Status(job.id(), status, progress, job.createdAt(), job.finishedAt(),
				"done".equals(status) ? "/api/exports/" + job.id() + "/file" : null,
				job.failure().map((problem) -> problem(problem, request)).orElse(null),
				(job.worker() != null) ? job.worker()
						: values.map(BurstProgress.Snapshot::workers)
							.filter((workers) -> !workers.isEmpty())
							.orElse(null),
				values.map((snapshot) -> values(snapshot, request)).orElse(null));
	}

	/**
	 * A job's values as its status shows them: how many, how many finished, which failed.
	 */
	private static Values values(BurstProgress.Snapshot snapshot, HttpServletRequest request) {
		return new Values(snapshot.total(), snapshot.done(),
				snapshot.failed()
					.stream()
					.map((failure) -> new FailedValue(failure.value(), problem(failure.problem(), request)))
					.toList());
	}

	@GetMapping("/api/exports/{job_id}/file")
	@Operation(operationId = "exportJobFile", summary = "The file of a finished export job", responses = @ApiResponse(
			responseCode = "200",
			description = "The file, with the headers of a direct export; with each, a zip of one file per"
					+ " value or (combine) one PDF with an outline entry per value",
			content = { @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
							schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")) }))
	ResponseEntity<?> file(@PathVariable("job_id") String jobId, @Parameter(hidden = true) ReportAccess access) {
		ExportJobs.Job job = job(jobId, access);
		job.failure().ifPresent((problem) -> {
			throw problem;
		});
		if (!"done".equals(job.status())) {
			throw ApiProblem.conflict("Export job " + job.id() + " has not finished yet; follow /api/exports/"
					+ job.id() + " until it is done.");
		}
		Optional<Path> onDisk = this.jobs.fileOnDisk(job);
		if (onDisk.isPresent()) {
			// One file per value: streamed from disk, headers as for any export.
			Optional<BurstProgress.Snapshot> values = this.bursts.progress(job.id());
			ExportFormat format = onDisk.get().toString().endsWith(".pdf") ? ExportFormat.PDF : ExportFormat.ZIP;
			return this.files
				.headers(format, job.labels(), false, values.map(BurstProgress.Snapshot::readiness).orElse(""),
						values.map(BurstProgress.Snapshot::workers)
							.filter((workers) -> !workers.isEmpty())
							.orElse(null))
				.contentLength(onDisk.get().toFile().length())
				.body(new FileSystemResource(onDisk.get()));
		}
		ExportFile file = this.jobs.file(job).orElseThrow(() -> this.jobs.fileDropped(job));
		return this.files.response(file, job.labels(), false);
	}

	/**
	 * The job, if the caller may see its report: a key limited to some reports gets the
	 * same 404 for another report's job as for a job that does not exist.
	 */
	private ExportJobs.Job job(String id, ReportAccess access) {
		return this.jobs.find(id)
			.filter((job) -> access.allows(job.reportId()))
			.orElseThrow(() -> ApiProblem
				.notFound("There is no export job " + id + " (finished jobs are kept for " + this.jobs.kept() + ")."));
	}

	/**
	 * The job's failure as a problem, without internal addresses for anonymous callers.
	 */
	private static Map<String, Object> problem(ApiProblem problem, HttpServletRequest request) {
		ProblemDisclosure.Shown shown = ProblemDisclosure.shown(problem, request);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", problem.type().toString());
		json.put("title", problem.title());
		json.put("status", problem.status().value());
		json.put("detail", shown.detail());
		if (shown.incident() != null) {
			json.put("incident", shown.incident());
		}
		return json;
	}

	record Accepted(@JsonProperty("job_id") String jobId, String status, @JsonProperty("status_url") String statusUrl) {
	}

	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Status(@JsonProperty("job_id") String jobId, @Schema(allowableValues = {
			"queued", "running", "done", "failed" }) String status, double progress,
			@JsonProperty("created_at") Instant createdAt,
			@JsonProperty("finished_at") @Schema(types = { "string", "null" }) Instant finishedAt,
			@JsonProperty("file_url") @Schema(types = { "string", "null" }) String fileUrl,
			@Schema(types = { "object", "null" }) Map<String, Object> error,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
					description = "the worker that took the export, " + "once one did (scaled out)") String worker,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
					description = "with one file per value (each): how many values, how many finished, which failed and why") Values values){
	}

	record Values(int total, int done, List<FailedValue> failed) {
	}

	record FailedValue(String value,
			@Schema(description = "the problem of the value's export") Map<String, Object> error) {
	}

}
