package org.pbiexport.export;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /api/export} (also {@code /export}): checks the request against the
 * catalogue and, for admins with {@code dry_run=true}, answers with the address that
 * would be rendered.
 */
@RestController
@Tag(name = "Export", description = "Reports as PNG images and PDF documents")
class ExportApi {

	private final ExportPlanner planner;

	private final RenderTargets targets;

	ExportApi(ExportPlanner planner, RenderTargets targets) {
		this.planner = planner;
		this.targets = targets;
	}

	@GetMapping({ "/api/export", "/export" })
	@Operation(summary = "Export a report; with dry_run=true (admins) only show what would be rendered", parameters = {
			@Parameter(name = "report_id", in = ParameterIn.QUERY, required = true, schema = @Schema(type = "integer")),
			@Parameter(name = "page", in = ParameterIn.QUERY, description = "internal page name; repeatable for pdf"),
			@Parameter(name = "format", in = ParameterIn.QUERY,
					schema = @Schema(allowableValues = { "png", "pdf" }, defaultValue = "png")),
			@Parameter(name = "filter.<column>", in = ParameterIn.QUERY,
					description = "a value for the filter on <column>; repeatable for multiple filters"),
			@Parameter(name = "width", in = ParameterIn.QUERY, schema = @Schema(type = "integer")),
			@Parameter(name = "height", in = ParameterIn.QUERY, schema = @Schema(type = "integer")),
			@Parameter(name = "scale", in = ParameterIn.QUERY, schema = @Schema(type = "number")),
			@Parameter(name = "download", in = ParameterIn.QUERY, schema = @Schema(type = "boolean")),
			@Parameter(name = "dry_run", in = ParameterIn.QUERY, schema = @Schema(type = "boolean")) },
			responses = @ApiResponse(responseCode = "200", description = "The dry run's render target",
					content = @Content(mediaType = "application/json",
							schema = @Schema(implementation = DryRun.class))))
	DryRun export(HttpServletRequest request) {
		ExportInput input = ExportQuery.parse(request.getParameterMap());
		if (input.dryRun() && !request.isUserInRole("ADMIN")) {
			throw DryRunForAdminsOnly.INSTANCE;
		}
		ExportPlan plan = this.planner.plan(input);
		if (!input.dryRun()) {
			throw RenderingNotAvailable.INSTANCE;
		}
		RenderTarget target = this.targets.of(plan, ServletUriComponentsBuilder.fromContextPath(request).toUriString());
		return new DryRun(target.pageUrls().get(0), target.filter(), plan.cacheKey().value(), target.pageUrls());
	}

	/**
	 * What {@code dry_run=true} answers: CONTRACT.md's three fields, plus every page's
	 * address.
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

	/**
	 * Until the export engine renders files, a real export is refused plainly instead of
	 * pretending.
	 */
	static final class RenderingNotAvailable extends ApiProblem {

		static final RenderingNotAvailable INSTANCE = new RenderingNotAvailable();

		private RenderingNotAvailable() {
			super(HttpStatus.NOT_IMPLEMENTED, "rendering-not-available", "Rendering not available",
					"This server checks exports but does not render files yet; use dry_run=true to see the render address.",
					List.of());
		}

	}

}
