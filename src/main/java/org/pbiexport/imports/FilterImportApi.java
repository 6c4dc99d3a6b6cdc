package org.pbiexport.imports;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.CatalogJson.FilterItem;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.web.ApiProblem;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The admin API of CONTRACT.md for filter files: import (with preview) and export. */
@RestController
@Tag(name = "Admin")
@SecurityRequirement(name = "basicAuth")
class FilterImportApi {

	static final long MAX_FILE_BYTES = 20L * 1024 * 1024;

	private final FilterImports imports;

	private final Catalog catalog;

	FilterImportApi(FilterImports imports, Catalog catalog) {
		this.imports = imports;
		this.catalog = catalog;
	}

	@PostMapping(path = "/api/admin/reports/{report_id}/filters/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Import filters from .xlsx, .xls or .csv; dry_run=true only previews")
	Map<String, Object> importFile(@PathVariable("report_id") String reportId,
			@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(name = "mode", defaultValue = "merge") String mode,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun,
			@RequestParam(name = "default_table", required = false) String defaultTable,
			@RequestParam(name = "version", required = false) Long version, java.security.Principal admin)
			throws IOException {
		ReportId id = ReportId.parse("report_id", reportId);
		if (file == null || file.isEmpty()) {
			throw ApiProblem.invalid("file",
					"attach the spreadsheet as the multipart field 'file' (.xlsx, .xls or .csv)");
		}
		if (file.getSize() > MAX_FILE_BYTES) {
			throw ApiProblem.invalid("file", "is larger than 20 MB");
		}
		FilterImports.Mode importMode = switch (mode.toLowerCase(Locale.ROOT)) {
			case "merge" -> FilterImports.Mode.MERGE;
			case "replace" -> FilterImports.Mode.REPLACE;
			default -> throw ApiProblem.invalid("mode", "must be merge or replace, got '" + mode + "'");
		};
		FilterImports.Preview preview = this.imports.importFile(id, file.getOriginalFilename(), file.getBytes(),
				importMode, defaultTable, version, !dryRun, admin.getName());
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

	@GetMapping("/api/admin/reports/{report_id}/filters/export")
	@Operation(summary = "The report's filters as .xlsx or .csv, in the layout the importer reads")
	ResponseEntity<byte[]> export(@PathVariable("report_id") String reportId,
			@RequestParam(name = "format", defaultValue = "xlsx") String format) {
		ReportId id = ReportId.parse("report_id", reportId);
		Report report = this.catalog.find(id).orElseThrow(() -> new UnknownReport(id));
		boolean csv = format.equalsIgnoreCase("csv");
		if (!csv && !format.equalsIgnoreCase("xlsx")) {
			throw ApiProblem.invalid(List.of(new org.pbiexport.web.FieldProblem("format",
					"must be xlsx or csv, got '" + format + "'", List.of("xlsx", "csv"))));
		}
		byte[] body = csv ? FilterTable.csv(report) : FilterTable.xlsx(report);
		String name = "report-" + id + "-filters." + (csv ? "csv" : "xlsx");
		return ResponseEntity.ok()
			.contentType(csv ? new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)
					: MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.body(body);
	}

}
