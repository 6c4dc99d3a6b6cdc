package org.pbiexport.imports;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.CatalogJson.FilterItem;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The admin API of docs/contract.md for filter files: import (with preview) and export,
 * plus the failed rows of an import and an empty template to start from.
 */
@RestController
@Tag(name = "Admin")
@SecurityRequirement(name = "basicAuth")
class FilterImportApi {

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	private final FilterImports imports;

	private final Catalog catalog;

	FilterImportApi(FilterImports imports, Catalog catalog) {
		this.imports = imports;
		this.catalog = catalog;
	}

	@PostMapping(path = "/api/admin/reports/{report_id}/filters/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "adminImportFilters",
			summary = "Import filters from .xlsx, .xls or .csv; dry_run=true only previews")
	Map<String, Object> importFile(@PathVariable("report_id") String reportId,
			@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(name = "mode", defaultValue = "merge") String mode,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun,
			@RequestParam(name = "default_table", required = false) String defaultTable,
			@RequestParam(name = "version", required = false) Long version, java.security.Principal admin)
			throws IOException {
		ReportId id = ReportId.parse("report_id", reportId);
		byte[] content = content(file);
		FilterImports.Preview preview = this.imports.importFile(id, file.getOriginalFilename(), content,
				FilterImports.Mode.of(mode), defaultTable, version, !dryRun, admin.getName());
		return previewJson(preview);
	}

	@PostMapping(path = "/api/admin/reports/{report_id}/filters/import/failed-rows",
			consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "adminImportFailedRows",
			summary = "The rows of a filter file that fail to import, with an added error column, to fix and "
					+ "import again",
			description = "Send the same file and default_table as to the import. format defaults to "
					+ "the uploaded file's kind (csv for .csv, else xlsx). Only the header row comes back when no row "
					+ "fails.")
	@ApiResponse(responseCode = "200", description = "The failed rows as a file to download",
			content = { @Content(mediaType = XLSX, schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")) })
	ResponseEntity<byte[]> failedRows(@PathVariable("report_id") String reportId,
			@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(name = "default_table", required = false) String defaultTable,
			@Parameter(schema = @Schema(allowableValues = { "xlsx", "csv" })) @RequestParam(name = "format",
					required = false) String format)
			throws IOException {
		ReportId id = ReportId.parse("report_id", reportId);
		byte[] content = content(file);
		SheetFormat sheetFormat = (format == null || format.isBlank()) ? SheetFormat.like(file.getOriginalFilename())
				: SheetFormat.fromName(format)
					.orElseThrow(() -> ApiProblem.invalid(List.of(new FieldProblem("format",
							"must be xlsx or csv, got '" + format + "'", List.of("xlsx", "csv")))));
		byte[] body = this.imports.failedRows(id, file.getOriginalFilename(), content, defaultTable, sheetFormat);
		return sheetFormat.download(baseName(file.getOriginalFilename()) + "-failed-rows", body);
	}

	@GetMapping("/api/admin/filters/template.xlsx")
	@Operation(operationId = "adminFilterTemplate",
			summary = "An empty filter file to fill in: header row, one example row, drop-downs for type, "
					+ "multiple and required")
	@ApiResponse(responseCode = "200", description = "The template workbook",
			content = @Content(mediaType = XLSX, schema = @Schema(type = "string", format = "binary")))
	ResponseEntity<byte[]> template() {
		return SheetFormat.XLSX.download("filters-template", this.imports.template());
	}

	/** The uploaded file's bytes, or a problem naming the {@code file} field. */
	static byte[] content(MultipartFile file) throws IOException {
		if (file == null || file.isEmpty()) {
			throw ApiProblem.invalid("file",
					"attach the spreadsheet as the multipart field 'file' (.xlsx, .xls or .csv)");
		}
		if (file.getSize() > FilterImports.MAX_FILE_BYTES) {
			throw ApiProblem.invalid("file", "is larger than " + FilterImports.MAX_FILE_SIZE);
		}
		return file.getBytes();
	}

	/** The preview of docs/contract.md, with the optional fields this server adds. */
	static Map<String, Object> previewJson(FilterImports.Preview preview) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("rows", preview.rows());
		json.put("created", preview.created().stream().map(FilterItem::of).toList());
		json.put("updated", preview.updated());
		json.put("deleted", preview.deleted().stream().map(FilterItem::of).toList());
		json.put("unchanged", preview.unchanged());
		json.put("errors", preview.errors());
		json.put("duplicates_dropped", preview.duplicatesDropped());
		json.put("version", preview.version());
		json.put("applied", preview.applied());
		return json;
	}

	/** The uploaded file's name without its extension, as a safe ASCII slug. */
	static String baseName(String fileName) {
		String name = (fileName != null) ? fileName.replaceAll(".*[/\\\\]", "") : "";
		int dot = name.lastIndexOf('.');
		String slug = ((dot > 0) ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]+", "-")
			.replaceAll("^[-.]+|-+$", "");
		return slug.isEmpty() ? "filters" : slug;
	}

	@GetMapping("/api/admin/reports/{report_id}/filters/export")
	@Operation(operationId = "adminExportFilters",
			summary = "The report's filters as .xlsx or .csv, in the layout the importer reads")
	ResponseEntity<byte[]> export(@PathVariable("report_id") String reportId,
			@RequestParam(name = "format", defaultValue = "xlsx") String format) {
		ReportId id = ReportId.parse("report_id", reportId);
		this.catalog.find(id).orElseThrow(() -> new UnknownReport(id));
		SheetFormat sheet = SheetFormat.fromName(format)
			.orElseThrow(() -> ApiProblem.invalid(List
				.of(new FieldProblem("format", "must be xlsx or csv, got '" + format + "'", List.of("xlsx", "csv")))));
		return sheet.download("report-" + id + "-filters", this.imports.export(id, sheet));
	}

}
