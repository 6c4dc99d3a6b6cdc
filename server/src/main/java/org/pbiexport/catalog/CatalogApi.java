package org.pbiexport.catalog;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.pbiexport.catalog.CatalogJson.FilterList;
import org.pbiexport.catalog.CatalogJson.PageList;
import org.pbiexport.catalog.CatalogJson.ReportItem;
import org.pbiexport.catalog.CatalogJson.ReportList;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public read API of docs/contract.md: reports, their pages and their filters. Each
 * answer holds only the reports the caller may see: the {@link ReportAccess} parameter is
 * resolved from the request by the security module.
 */
@RestController
@Tag(name = "Catalogue", description = "Reports, pages and filters that clients may export")
class CatalogApi {

	private final Catalog catalog;

	CatalogApi(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/api/reports")
	@Operation(operationId = "listReports", summary = "Enabled reports, ordered by title")
	ReportList reports(@Parameter(hidden = true) ReportAccess access) {
		return new ReportList(this.catalog.enabledReports(access).stream().map(ReportItem::of).toList());
	}

	@GetMapping("/api/pages/{report_id}")
	@Operation(operationId = "listPages", summary = "The pages of a report, in order")
	PageList pages(@PathVariable("report_id") String reportId, @Parameter(hidden = true) ReportAccess access) {
		return PageList.of(this.catalog.enabledReport(ReportId.parse("report_id", reportId), access));
	}

	@GetMapping("/api/filters/{report_id}")
	@Operation(operationId = "listFilters",
			summary = "The filters of a report with their typed allowed values and defaults")
	FilterList filters(@PathVariable("report_id") String reportId, @Parameter(hidden = true) ReportAccess access) {
		return FilterList.of(this.catalog.enabledReport(ReportId.parse("report_id", reportId), access));
	}

}
