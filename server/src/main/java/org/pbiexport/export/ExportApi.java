package org.pbiexport.export;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET} and {@code POST /api/export} (also {@code /export}): admits the request
 * (every refusal decided before the cache), then answers with the file, or, for admins
 * with {@code dry_run=true}, with the address that would be rendered.
 */
@RestController
@Tag(name = "Export", description = "Reports as PNG images and PDF documents")
class ExportApi {

	private final ExportAdmission admission;

	private final RenderTargets targets;

	private final ExportEngine engine;

	private final ExportFiles files;

	ExportApi(ExportAdmission admission, RenderTargets targets, ExportEngine engine, ExportFiles files) {
		this.admission = admission;
		this.targets = targets;
		this.engine = engine;
		this.files = files;
	}

	@GetMapping({ "/api/export", "/export" })
	@Operation(summary = "Export a report; with dry_run=true (admins) only show what would be rendered",
			description = "Filters are query parameters named `filter.<column>` after the report's filter columns "
					+ "(see `GET /api/filters/{report_id}`), such as `filter.year=2024&filter.region=North`, repeated "
					+ "for a multiple filter. Their names depend on the report: the filter columns of the enabled "
					+ "reports are listed below as optional `filter.<column>` parameters, each naming its reports "
					+ "(send only those of the report you export). Add them to the URL, or use `POST /api/export`, "
					+ "whose JSON body carries them as `filters`.",
			parameters = {
					@Parameter(name = "report_id", in = ParameterIn.QUERY, required = true,
							schema = @Schema(type = "integer", format = "int64")),
					@Parameter(name = "page", in = ParameterIn.QUERY,
							description = "internal page name; repeatable for pdf", explode = Explode.TRUE,
							array = @ArraySchema(schema = @Schema(type = "string"))),
					@Parameter(name = "format", in = ParameterIn.QUERY,
							schema = @Schema(allowableValues = { "png", "pdf", "pptx", "zip" }, defaultValue = "png")),
					@Parameter(name = "width", in = ParameterIn.QUERY,
							description = "CSS pixels; default the page's own width",
							schema = @Schema(type = "integer", minimum = "" + ExportPlanner.MIN_SIZE,
									maximum = "" + ExportPlanner.MAX_SIZE)),
					@Parameter(name = "height", in = ParameterIn.QUERY,
							description = "CSS pixels; default the page's own height",
							schema = @Schema(type = "integer", minimum = "" + ExportPlanner.MIN_SIZE,
									maximum = "" + ExportPlanner.MAX_SIZE)),
					@Parameter(name = "scale", in = ParameterIn.QUERY, description = "device pixel ratio",
							schema = @Schema(type = "number", minimum = "1", maximum = "3", defaultValue = "1")),
					@Parameter(name = "download", in = ParameterIn.QUERY, schema = @Schema(type = "boolean")),
					@Parameter(name = "dry_run", in = ParameterIn.QUERY, schema = @Schema(type = "boolean")) },
			responses = @ApiResponse(responseCode = "200",
					description = "The file, with Content-Disposition, ETag and X-Cache; with dry_run the render target",
					content = { @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
							@Content(mediaType = "application/pdf",
									schema = @Schema(type = "string", format = "binary")),
							@Content(mediaType = "application/json",
									schema = @Schema(implementation = DryRun.class)) }))
	ResponseEntity<?> export(HttpServletRequest request, @Parameter(hidden = true) ReportAccess access) {
		ExportAudit.asked(request, request.getParameter("report_id"));
		Admitted export = this.admission.admit(() -> {
			ExportInput input = ExportQuery.parse(request.getParameterMap());
			if (input.dryRun() && !request.isUserInRole("ADMIN")) {
				throw DryRunForAdminsOnly.INSTANCE;
			}
			return input;
		}, access, ExportFiles.renderBaseUrl(request));
		if (export.dryRun()) {
			ExportAudit.notAnExport(request);
			// The address as the admin reaches the app, not as the renderer does.
			RenderTarget target = this.targets.of(export.plan(), baseUrl(request));
			return ResponseEntity.ok(new DryRun(target.pageUrls().get(0), target.filter(),
					export.plan().cacheKey().value(), target.pageUrls()));
		}
		return file(export, request);
	}

	@PostMapping(path = { "/api/export", "/export" }, consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Export a report as PNG, PDF, PowerPoint or a zip of PNGs, described by a JSON body")
	ResponseEntity<byte[]> exportPost(@RequestBody JsonNode body, HttpServletRequest request,
			@Parameter(hidden = true) ReportAccess access) {
		ExportAudit.asked(request,
				body.path("report_id").isIntegralNumber() ? body.path("report_id").asString() : null);
		return file(this.admission.admit(() -> ExportBody.parse(body), access, ExportFiles.renderBaseUrl(request)),
				request);
	}

	/**
	 * The file of an admitted export: 304 when the client has it (nothing refused it),
	 * else from the cache or a render.
	 */
	private ResponseEntity<byte[]> file(Admitted export, HttpServletRequest request) {
		String etag = export.labels().etag();
		String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
		if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
			ExportAudit.admitted(request, export, null);
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
		}
		ExportEngine.Started started = this.engine.start(export);
		ExportAudit.admitted(request, export, started.hit());
		return this.files.response(started.await(), export.labels(), started.hit());
	}

	/** Where the client reached this app: what a dry run shows. */
	private static String baseUrl(HttpServletRequest request) {
		return ServletUriComponentsBuilder.fromContextPath(request).toUriString();
	}

	/**
	 * What {@code dry_run=true} answers: docs/contract.md's three fields, plus every
	 * page's address.
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record DryRun(@JsonProperty("render_url") String renderUrl, String filter,
			@JsonProperty("cache_key") String cacheKey, @JsonProperty("render_urls") List<String> renderUrls) {
	}

	/** A dry run shows addresses and is for admins only. */
	static final class DryRunForAdminsOnly extends ApiProblem {

		static final DryRunForAdminsOnly INSTANCE = new DryRunForAdminsOnly();

		private DryRunForAdminsOnly() {
			super(HttpStatus.FORBIDDEN, "dry-run-for-admins", "Dry run is for admins",
					"dry_run=true shows the address that would be rendered; send an admin's credentials.", List.of());
		}

	}

}
