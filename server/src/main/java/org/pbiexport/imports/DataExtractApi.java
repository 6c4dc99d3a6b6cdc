package org.pbiexport.imports;

import java.io.IOException;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.UnknownReport;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Filters from a data extract (Power BI's "Export data"): list its columns, then make
 * filters of the chosen ones, previewed and applied like a filter file.
 */
@RestController
@Tag(name = "Admin")
@SecurityRequirement(name = "basicAuth")
class DataExtractApi {

	private final DataExtracts extracts;

	private final FilterImports imports;

	private final Catalog catalog;

	DataExtractApi(DataExtracts extracts, FilterImports imports, Catalog catalog) {
		this.extracts = extracts;
		this.imports = imports;
		this.catalog = catalog;
	}

	@PostMapping(path = "/api/admin/reports/{report_id}/filters/extract/columns",
			consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "adminExtractColumns",
			summary = "The columns of a data extract (.xlsx, .xls or .csv with a header row), each with its "
					+ "inferred type, a sample of values and how many different values it has")
	Columns columns(@PathVariable("report_id") String reportId,
			@RequestParam(name = "file", required = false) MultipartFile file) throws IOException {
		ReportId id = ReportId.parse("report_id", reportId);
		byte[] content = FilterImportApi.content(file);
		this.catalog.find(id).orElseThrow(() -> new UnknownReport(id));
		return new Columns(
				this.extracts.columns(file.getOriginalFilename(), content).stream().map(ColumnItem::of).toList());
	}

	@PostMapping(path = "/api/admin/reports/{report_id}/filters/extract",
			consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "adminImportExtract",
			summary = "Make filters of chosen columns of a data extract; dry_run=true only previews",
			description = "Each chosen column becomes a filter on the given table: label and column are the header, "
					+ "the allowed values its distinct values, typed and sorted. Returns the same preview as the "
					+ "filter import.",
			parameters = @Parameter(name = "columns", in = ParameterIn.QUERY, required = true,
					description = "headers of the columns to make filters of; repeat it, or separate names by commas",
					array = @ArraySchema(schema = @Schema(type = "string"))))
	Map<String, Object> importExtract(@PathVariable("report_id") String reportId,
			@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(name = "table", required = false) String table,
			@RequestParam(name = "mode", defaultValue = "merge") String mode,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun,
			@RequestParam(name = "version", required = false) Long version, HttpServletRequest request, Principal admin)
			throws IOException {
		ReportId id = ReportId.parse("report_id", reportId);
		byte[] content = FilterImportApi.content(file);
		FilterImports.Mode importMode = FilterImports.Mode.of(mode);
		Report report = this.catalog.find(id).orElseThrow(() -> new UnknownReport(id));
		// Read raw: Spring would split a single value at its commas, even inside a
		// header.
		String[] columns = request.getParameterValues("columns");
		ImportedFilters filters = this.extracts.filtersFor(report, file.getOriginalFilename(), content,
				(columns != null) ? Arrays.asList(columns) : List.of(), table);
		return FilterImportApi
			.previewJson(this.imports.importFilters(id, filters, importMode, version, !dryRun, admin.getName()));
	}

	record Columns(List<ColumnItem> columns) {
	}

	record ColumnItem(String name, @Schema(allowableValues = {
			"text", "integer", "decimal", "date", "datetime", "boolean" }) String type, List<String> sample,
			@JsonProperty("distinct_values") int distinctValues,
			@JsonProperty("too_many_values") boolean tooManyValues){

		static ColumnItem of(DataExtracts.Column column) {
			return new ColumnItem(column.name(), column.type().wireName(), column.sample(), column.distinctValues(),
					column.tooManyValues());
		}

	}

}
