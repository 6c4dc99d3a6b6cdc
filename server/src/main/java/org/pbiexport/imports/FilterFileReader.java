package org.pbiexport.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.ReportId;

import org.springframework.stereotype.Component;

/**
 * Turns a filter spreadsheet into filters, as docs/import-format.md describes: headers
 * matched ignoring case, spaces, {@code _} and {@code -}, with their synonyms; values in
 * one cell or one per row; cleaning; types given or inferred; defaults among the allowed
 * values; and every problem reported with where it is. {@link FilterColumns} finds the
 * columns, {@link FilterRow} reads a row's cells and {@link FilterDraft} types each
 * filter.
 */
@Component
public class FilterFileReader {

	private static final Pattern INTEGER = Pattern.compile("[-+]?(0|[1-9]\\d*)");

	private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d+(\\.\\d+)?");

	private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?");

	private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no");

	static final String FORMULA_WITHOUT_RESULT = "formula without a saved result; open and save the file in Excel, "
			+ "or paste values";

	/**
	 * @param report the report imported into; rows naming another one are errors (null:
	 * any)
	 * @param defaultTable the table of rows that name none (null: a table is required)
	 */
	public record Options(@Nullable ReportId report, @Nullable String defaultTable) {
	}

	public ImportedFilters read(String fileName, byte[] content, Options options) {
		SheetTable table = SpreadsheetReader.read(fileName, content);
		return interpret(table, options);
	}

	ImportedFilters interpret(SheetTable table, Options options) {
		List<ImportError> errors = new ArrayList<>();
		if (table.rows().isEmpty()) {
			errors.add(new ImportError(table.sheet(), 1, "", "", "the sheet is empty: expected a header row with "
					+ "filter_label, column_name, table_name and allowed_values (or value)"));
			return new ImportedFilters(List.of(), errors, 0, 0);
		}
		SheetTable.Row header = table.rows().get(0);
		for (int index : header.formulasWithoutResult()) {
			errors.add(new ImportError(table.sheet(), header.number(), "column " + columnLetter(index), "",
					"the header is a " + FORMULA_WITHOUT_RESULT));
		}
		Map<String, Integer> columns = FilterColumns.columns(header);
		List<String> missing = new ArrayList<>();
		for (String required : List.of("filter_label", "column_name")) {
			if (!columns.containsKey(required)) {
				missing.add(required);
			}
		}
		if (!columns.containsKey("table_name") && blank(options.defaultTable())) {
			missing.add("table_name (or a default table for the import)");
		}
		if (!columns.containsKey("allowed_values") && !columns.containsKey("value")) {
			missing.add("allowed_values or value");
		}
		if (!missing.isEmpty()) {
			errors.add(new ImportError(table.sheet(), header.number(), String.join(", ", missing), "",
					"the header row lacks " + String.join(", ", missing)));
			return new ImportedFilters(List.of(), errors, table.rows().size() - 1, 0);
		}
		boolean onePerRow = !columns.containsKey("allowed_values");
		Map<String, FilterDraft> drafts = new LinkedHashMap<>();
		for (SheetTable.Row row : table.rows().subList(1, table.rows().size())) {
			FilterRow cells = new FilterRow(table.sheet(), row, columns, header, errors);
			if (cells.formulasWithoutResult()) {
				continue;
			}
			String reportId = cells.get("report_id");
			if (options.report() != null && !reportId.isEmpty() && !reportId.equals(options.report().toString())) {
				cells.error("report_id", reportId, "this row belongs to report " + reportId + ", but the import is "
						+ "for report " + options.report());
				continue;
			}
			String label = cells.get("filter_label");
			String column = cells.get("column_name");
			String tableName = cells.get("table_name").isEmpty() ? nullToEmpty(options.defaultTable())
					: cells.get("table_name");
			if (column.isEmpty()) {
				cells.error("column_name", "", "a column name is required, such as year");
				continue;
			}
			if (label.isEmpty() && (!onePerRow || !drafts.containsKey(column))) {
				cells.error("filter_label", "", "a label is required: what people see, such as Year");
				continue;
			}
			FilterDraft draft = drafts.get(column);
			if (draft != null && !onePerRow) {
				cells.error("column_name", column, "the column '" + column + "' already has a filter in row "
						+ draft.row() + "; each column may have one filter");
				continue;
			}
			if (draft == null) {
				draft = new FilterDraft(row.number(), label, tableName, column, cells);
				drafts.put(column, draft);
			}
			String values = cells.get(onePerRow ? "value" : "allowed_values");
			for (String value : onePerRow ? List.of(clean(values)) : split(values)) {
				if (!value.isEmpty()) {
					draft.add(value, row.number(), cells.header(onePerRow ? "value" : "allowed_values"));
				}
			}
		}
		List<Filter> filters = new ArrayList<>();
		Map<String, FilterOrigin> origins = new LinkedHashMap<>();
		int dropped = 0;
		for (FilterDraft draft : drafts.values()) {
			dropped += draft.dropDuplicates();
			Filter filter = draft.toFilter(table.sheet(), errors);
			if (filter != null) {
				filters.add(filter);
				origins.put(filter.column(), draft.origin(table.sheet()));
			}
		}
		return new ImportedFilters(filters, errors, table.rows().size() - 1, dropped, origins);
	}

	static FilterType infer(List<String> values) {
		if (values.stream().allMatch((v) -> INTEGER.matcher(v).matches())) {
			return FilterType.INTEGER;
		}
		if (values.stream().allMatch((v) -> DECIMAL.matcher(v).matches() && !v.matches("[-+]?0\\d+"))) {
			return FilterType.DECIMAL;
		}
		if (values.stream().allMatch((v) -> DATE.matcher(v).matches() || DATETIME.matcher(v).matches())) {
			return values.stream().anyMatch((v) -> DATETIME.matcher(v).matches()) ? FilterType.DATETIME
					: FilterType.DATE;
		}
		if (values.stream().allMatch((v) -> BOOLEANS.contains(v.toLowerCase(Locale.ROOT)))) {
			return FilterType.BOOLEAN;
		}
		return FilterType.TEXT;
	}

	static String columnLetter(int index) {
		return org.apache.poi.ss.util.CellReference.convertNumToColString(index);
	}

	static String normaliseBoolean(FilterType type, String text) {
		if (type != FilterType.BOOLEAN) {
			return text;
		}
		return switch (text.toLowerCase(Locale.ROOT)) {
			case "yes" -> "true";
			case "no" -> "false";
			default -> text;
		};
	}

	/**
	 * Values of one cell, separated by the first of line break, |, ; and , that it
	 * contains.
	 */
	static List<String> split(String cell) {
		String separator = null;
		for (String candidate : new String[] { "\n", "|", ";", "," }) {
			if (cell.contains(candidate)) {
				separator = candidate;
				break;
			}
		}
		List<String> values = new ArrayList<>();
		for (String part : (separator == null) ? new String[] { cell } : cell.split(Pattern.quote(separator), -1)) {
			String value = clean(part);
			if (!value.isEmpty()) {
				values.add(value);
			}
		}
		return values;
	}

	/**
	 * Trimmed, inner runs of white space collapsed to one space (line breaks kept for
	 * splitting).
	 */
	static String clean(String text) {
		if (text == null) {
			return "";
		}
		String cleaned = text.replace("\r\n", "\n").replaceAll("[ \\t\\u00A0]+", " ").strip();
		// An export put an apostrophe before formula-like text; it is not part of the
		// value.
		if (cleaned.length() > 1 && cleaned.charAt(0) == '\'' && FilterTable.startsLikeFormula(cleaned.substring(1))) {
			return cleaned.substring(1);
		}
		return cleaned;
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

	private static String nullToEmpty(String text) {
		return (text != null) ? text : "";
	}

}
