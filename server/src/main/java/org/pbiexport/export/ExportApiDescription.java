package org.pbiexport.export;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The export and job paths of docs/contract.md in the OpenAPI document, written from the
 * contract so that clients can rely on them; an operation that a controller already
 * describes is left as the controller describes it.
 */
@Configuration(proxyBeanMethods = false)
class ExportApiDescription {

	private static final String PROBLEM_REF = "#/components/schemas/Problem";

	@Bean
	OpenApiCustomizer exportPathsFromTheContract() {
		return (openApi) -> {
			openApi.getComponents().addSchemas("ExportRequest", exportRequest());
			openApi.getComponents().addSchemas("ExportJobAccepted", jobAccepted());
			openApi.getComponents().addSchemas("ExportJob", job());
			for (String path : List.of("/api/export", "/export")) {
				PathItem item = openApi.getPaths().computeIfAbsent(path, (key) -> new PathItem());
				String alias = path.startsWith("/api") ? "" : "Alias";
				if (item.getPost() == null) {
					item.setPost(new Operation().addTagsItem("Export")
						.summary("Export a report as PNG, PDF, PowerPoint or a zip of PNGs, described by a JSON body"));
				}
				// The controllers read the body as a JSON tree (for the contract's
				// field-named
				// 400s) and answer bytes: without this, clients would see "any JSON" in
				// and a
				// base64 string out.
				item.getPost()
					.operationId("exportPost" + alias)
					.requestBody(jsonBody("ExportRequest"))
					.responses(fileResponses());
				if (item.getGet() != null) {
					item.getGet().operationId("export" + alias);
				}
			}
			PathItem jobs = openApi.getPaths().computeIfAbsent("/api/exports", (key) -> new PathItem());
			if (jobs.getPost() == null) {
				jobs.setPost(new Operation().addTagsItem("Export")
					.summary("Queue an export and follow it as a job")
					.responses(problems().addApiResponse("202", json("The job was queued", "ExportJobAccepted"))));
			}
			jobs.getPost().operationId("queueExport").requestBody(jsonBody("ExportRequest"));
			// Every body the controllers read as a JSON tree is described by now.
			openApi.getComponents().getSchemas().remove("JsonNode");
			PathItem job = openApi.getPaths().computeIfAbsent("/api/exports/{job_id}", (key) -> new PathItem());
			if (job.getGet() == null) {
				job.setGet(new Operation().addTagsItem("Export")
					.summary("The status of an export job")
					.operationId("exportJob")
					.addParametersItem(jobId())
					.responses(problems().addApiResponse("200", json("The job", "ExportJob"))));
			}
			PathItem file = openApi.getPaths().computeIfAbsent("/api/exports/{job_id}/file", (key) -> new PathItem());
			if (file.getGet() == null) {
				file.setGet(new Operation().addTagsItem("Export")
					.summary("The file of a finished export job")
					.operationId("exportJobFile")
					.addParametersItem(jobId())
					.responses(fileResponses().addApiResponse("503",
							problem("The service restarted while the job ran; queue the export again"))));
			}
		};
	}

	private static Schema<?> exportRequest() {
		Schema<?> filters = new ObjectSchema()
			.description("column -> value, or a list of values for a multiple filter; typed as the filter")
			.additionalProperties(new Schema<>());
		return new ObjectSchema().addProperty("report_id", new IntegerSchema().format("int64"))
			.addProperty("pages", new ArraySchema().items(new StringSchema())
				.description("internal page names; absent: the first page for images, every page for documents"))
			.addProperty("format", new StringSchema()._enum(List.of("png", "pdf", "pptx", "zip"))._default("png"))
			.addProperty("filters", filters)
			.addProperty("width",
					new IntegerSchema().description("CSS pixels; default the page's own width")
						.minimum(java.math.BigDecimal.valueOf(ExportPlanner.MIN_SIZE))
						.maximum(java.math.BigDecimal.valueOf(ExportPlanner.MAX_SIZE)))
			.addProperty("height",
					new IntegerSchema().description("CSS pixels; default the page's own height")
						.minimum(java.math.BigDecimal.valueOf(ExportPlanner.MIN_SIZE))
						.maximum(java.math.BigDecimal.valueOf(ExportPlanner.MAX_SIZE)))
			.addProperty("scale",
					// _default first: minimum() answers a raw Schema.
					new NumberSchema()._default(java.math.BigDecimal.ONE)
						.minimum(java.math.BigDecimal.ONE)
						.maximum(java.math.BigDecimal.valueOf(3)))
			.addProperty("download", new BooleanSchema()._default(true))
			.addProperty("each", new StringSchema().description("POST /api/exports only: the column of a filter of the"
					+ " report; the job makes one file per value of it, in a zip named by the values, e.g. North.png"))
			.addProperty("each_values", new ArraySchema().items(new Schema<>())
				.description("with each: the values to export, checked like filter values; default every allowed"
						+ " value; at most pbi-export.export.max-burst-values (500)"))
			// No schema default: generated clients would send it, and POST /api/export
			// refuses
			// every field of one file per value.
			.addProperty("combine", new BooleanSchema().description(
					"with each and format pdf (default false): one PDF with an outline entry per value instead of a zip"))
			.addRequiredItem("report_id");
	}

	private static Schema<?> jobAccepted() {
		return new ObjectSchema().addProperty("job_id", new StringSchema())
			.addProperty("status", new StringSchema()._enum(List.of("queued", "running", "done", "failed")))
			.addProperty("status_url", new StringSchema());
	}

	private static Schema<?> job() {
		return new ObjectSchema().addProperty("job_id", new StringSchema())
			.addProperty("status", new StringSchema()._enum(List.of("queued", "running", "done", "failed")))
			.addProperty("progress", new NumberSchema())
			.addProperty("created_at", new DateTimeSchema())
			.addProperty("finished_at", new DateTimeSchema().nullable(true))
			.addProperty("file_url", new StringSchema().nullable(true).description("set only when done"))
			.addProperty("error", new Schema<>().$ref(PROBLEM_REF).nullable(true).description("when failed"))
			.addProperty("worker", new StringSchema().description("the worker that took the export (scaled out)"))
			.addProperty("values",
					new ObjectSchema()
						.description("with each: how many values, how many finished, which failed and why;"
								+ " progress is done / total while running")
						.addProperty("total", new IntegerSchema())
						.addProperty("done", new IntegerSchema())
						.addProperty("failed",
								new ArraySchema().items(new ObjectSchema().addProperty("value", new StringSchema())
									.addProperty("error", new Schema<>().$ref(PROBLEM_REF)))));
	}

	private static Parameter jobId() {
		return new Parameter().in("path").name("job_id").required(true).schema(new StringSchema());
	}

	private static RequestBody jsonBody(String schema) {
		return new RequestBody().required(true)
			.content(new Content().addMediaType("application/json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema))));
	}

	private static ApiResponse json(String description, String schema) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema))));
	}

	private static ApiResponses fileResponses() {
		Content files = new Content();
		for (String type : ExportFormat.contentTypes()) {
			files.addMediaType(type, new MediaType().schema(new BinarySchema()));
		}
		ApiResponse file = new ApiResponse()
			.description("The file, with Content-Disposition, ETag and X-Cache: HIT or MISS")
			.content(files);
		return problems().addApiResponse("200", file)
			.addApiResponse("304", new ApiResponse().description("Not modified (If-None-Match matched the ETag)"));
	}

	/**
	 * The error statuses of docs/contract.md's export paths, each an RFC 9457 problem.
	 */
	private static ApiResponses problems() {
		ApiResponses responses = new ApiResponses();
		Map.of("400", "Invalid request: one errors entry per problem", "404",
				"Unknown report, page or job, or a job file no longer kept", "429",
				"The export queue is full; see Retry-After", "409",
				"The report's registered address may no longer be rendered (allowed hosts changed)", "502",
				"Power BI answered with an error", "504", "Rendering did not finish within the report's time budget")
			.forEach((status, description) -> responses.addApiResponse(status, problem(description)));
		return responses;
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
	}

}
