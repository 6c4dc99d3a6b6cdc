package org.pbiexport.catalog;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON shapes of docs/contract.md for the catalogue, shared by the read API and the
 * admin API. They are typed records so that the OpenAPI document describes exactly what
 * is sent.
 */
public final class CatalogJson {

	/** The formats every report can be exported to. */
	public static final List<String> FORMATS = List.of("png", "pdf", "pptx", "zip");

	private CatalogJson() {
	}

	public record ReportList(List<ReportItem> reports) {
	}

	public record ReportItem(@JsonProperty("report_id") long reportId, String title, String description,
			@JsonProperty("page_count") int pageCount, List<String> formats) {

		static ReportItem of(ReportSummary summary) {
			return new ReportItem(summary.id().value(), summary.title(), summary.description(), summary.pageCount(),
					FORMATS);
		}

	}

	public record PageList(@JsonProperty("report_id") long reportId, List<PageItem> pages) {

		public static PageList of(Report report) {
			return new PageList(report.id().value(), report.pages().stream().map(PageItem::of).toList());
		}

	}

	public record PageItem(String name, @JsonProperty("display_name") String displayName, int order, int width,
			int height) {

		public static PageItem of(Page page) {
			return new PageItem(page.name(), page.displayName(), page.order(), page.width(), page.height());
		}

	}

	public record FilterList(@JsonProperty("report_id") long reportId, List<FilterItem> filters,
			@JsonProperty("one_file_per") @Schema(
					description = "filter columns for which one file per value may be asked for (each on POST /api/exports)") List<String> oneFilePer) {

		public static FilterList of(Report report) {
			return new FilterList(report.id().value(), report.filters().stream().map(FilterItem::of).toList(),
					report.oneFilePer());
		}

	}

	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record FilterItem(String label, String column, String table, @Schema(allowableValues = {
			"text", "integer", "decimal", "date", "datetime", "boolean" }) String type, boolean multiple,
			boolean required,
			@JsonProperty("allowed_values") @Schema(
					description = "values of the filter's type: numbers, strings (dates as YYYY-MM-DD or YYYY-MM-DDThh:mm:ss), booleans") List<Object> allowedValues,
			@JsonProperty("default") @Schema(types = { "string", "number", "integer", "boolean", "array", "null" },
					description = "one allowed value, a list of them when multiple, or null") Object defaultValue){

		public static FilterItem of(Filter filter) {
			return new FilterItem(filter.label(), filter.column(), filter.table(), filter.type().wireName(),
					filter.multiple(), filter.required(), filter.allowedValuesJson(), filter.defaultJson());
		}

	}

}
