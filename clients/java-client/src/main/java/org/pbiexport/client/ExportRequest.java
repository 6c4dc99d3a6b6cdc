package org.pbiexport.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What to export: the body of {@code POST /api/export} and {@code POST /api/exports}.
 *
 * @param reportId the report
 * @param format {@code png} or {@code pdf}
 * @param pages page names; empty: the first page for PNG, every page for PDF
 * @param filters column → values (one value unless the filter is {@code multiple})
 * @param scale device pixel ratio from 1 to 3, or {@code null} for the server's default
 */
public record ExportRequest(long reportId, String format, List<String> pages, Map<String, List<String>> filters,
		@Nullable Double scale) {

	public ExportRequest {
		pages = List.copyOf(pages);
		Map<String, List<String>> copy = new LinkedHashMap<>();
		filters.forEach((column, values) -> copy.put(column, List.copyOf(values)));
		filters = java.util.Collections.unmodifiableMap(copy);
	}

	/**
	 * An export of a report in a format, every other choice left to the server.
	 * @param reportId the report
	 * @param format {@code png} or {@code pdf}
	 * @return the request
	 */
	public static ExportRequest of(long reportId, String format) {
		return new ExportRequest(reportId, format, List.of(), Map.of(), null);
	}

	/**
	 * This request limited to one page.
	 * @param page a page name
	 * @return a new request
	 */
	public ExportRequest page(String page) {
		List<String> more = new ArrayList<>(this.pages);
		more.add(page);
		return new ExportRequest(this.reportId, this.format, more, this.filters, this.scale);
	}

	/**
	 * This request with one more value for a filter.
	 * @param column the filter's column
	 * @param value a value as text
	 * @return a new request
	 */
	public ExportRequest filter(String column, String value) {
		Map<String, List<String>> more = new LinkedHashMap<>(this.filters);
		List<String> values = new ArrayList<>(more.getOrDefault(column, List.of()));
		values.add(value);
		more.put(column, values);
		return new ExportRequest(this.reportId, this.format, this.pages, more, this.scale);
	}

}
