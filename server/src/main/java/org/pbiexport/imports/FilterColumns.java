package org.pbiexport.imports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a filter sheet the importer reads, found by their headers as
 * docs/import-format.md describes: matched ignoring case, spaces, {@code _} and
 * {@code -}, with their synonyms ({@code label} for {@code filter_label}, …).
 */
final class FilterColumns {

	private static final Map<String, String> HEADERS = headers();

	private FilterColumns() {
	}

	/**
	 * The columns the importer reads: canonical name (such as {@code column_name}) →
	 * index, the first of each when a header repeats.
	 */
	static Map<String, Integer> columns(SheetTable.Row header) {
		Map<String, Integer> columns = new LinkedHashMap<>();
		for (int i = 0; i < header.cells().size(); i++) {
			String canonical = HEADERS.get(normalise(header.cell(i)));
			if (canonical != null) {
				columns.putIfAbsent(canonical, i);
			}
		}
		return columns;
	}

	private static String normalise(String header) {
		return header.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "_").replace("\uFEFF", "");
	}

	private static Map<String, String> headers() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("report_id", "report_id");
		for (String name : List.of("filter_label", "label", "filter")) {
			headers.put(name, "filter_label");
		}
		for (String name : List.of("column_name", "column", "field")) {
			headers.put(name, "column_name");
		}
		for (String name : List.of("table_name", "table")) {
			headers.put(name, "table_name");
		}
		for (String name : List.of("allowed_values", "values", "allowed")) {
			headers.put(name, "allowed_values");
		}
		headers.put("value", "value");
		for (String name : List.of("type", "data_type")) {
			headers.put(name, "type");
		}
		for (String name : List.of("default", "default_value")) {
			headers.put(name, "default");
		}
		for (String name : List.of("multiple", "multi", "multi_select")) {
			headers.put(name, "multiple");
		}
		headers.put("required", "required");
		return headers;
	}

}
