package org.pbiexport.imports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.ReportId;

import org.springframework.stereotype.Component;

/**
 * Turns a filter spreadsheet into filters, as IMPORT-FORMAT.md describes: headers matched
 * ignoring case, spaces, {@code _} and {@code -}, with their synonyms; values in one cell
 * or one per row; cleaning; types given or inferred; defaults among the allowed values;
 * and every problem reported with where it is.
 */
@Component
public class FilterFileReader {

	private static final Map<String, String> HEADERS = headers();

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
	public record Options(ReportId report, String defaultTable) {
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
		Map<String, Integer> columns = columns(header);
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
		Map<String, Draft> drafts = new LinkedHashMap<>();
		for (SheetTable.Row row : table.rows().subList(1, table.rows().size())) {
			Cells cells = new Cells(table.sheet(), row, columns, header, errors);
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
			Draft draft = drafts.get(column);
			if (draft != null && !onePerRow) {
				cells.error("column_name", column, "the column '" + column + "' already has a filter in row "
						+ draft.row + "; each column may have one filter");
				continue;
			}
			if (draft == null) {
				draft = new Draft(row.number(), label, tableName, column, cells);
				drafts.put(column, draft);
			}
			String values = cells.get(onePerRow ? "value" : "allowed_values");
			for (String value : onePerRow ? List.of(clean(values)) : split(values)) {
				if (!value.isEmpty()) {
					draft.values
						.add(new Value(value, row.number(), cells.header(onePerRow ? "value" : "allowed_values")));
				}
			}
		}
		List<Filter> filters = new ArrayList<>();
		int dropped = 0;
		for (Draft draft : drafts.values()) {
			dropped += draft.dropDuplicates();
			Filter filter = draft.toFilter(table.sheet(), errors);
			if (filter != null) {
				filters.add(filter);
			}
		}
		return new ImportedFilters(filters, errors, table.rows().size() - 1, dropped);
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

	/** A value as read, with where it came from. */
	private record Value(String text, int row, String header) {
	}

	/**
	 * A filter being assembled from one row, or several in the one-value-per-row layout.
	 */
	private static final class Draft {

		private final int row;

		private final String label;

		private final String table;

		private final String column;

		private final Cells first;

		private final List<Value> values = new ArrayList<>();

		Draft(int row, String label, String table, String column, Cells first) {
			this.row = row;
			this.label = label;
			this.table = table;
			this.column = column;
			this.first = first;
		}

		int dropDuplicates() {
			List<Value> kept = new ArrayList<>();
			Set<String> seen = new HashSet<>();
			for (Value value : this.values) {
				if (seen.add(value.text())) {
					kept.add(value);
				}
			}
			int dropped = this.values.size() - kept.size();
			this.values.clear();
			this.values.addAll(kept);
			return dropped;
		}

		Filter toFilter(String sheet, List<ImportError> errors) {
			int before = errors.size();
			if (this.values.isEmpty()) {
				this.first.error(this.first.hasColumn("allowed_values") ? "allowed_values" : "value", "",
						"the filter '" + this.column + "' has no values");
				return null;
			}
			String typeName = this.first.get("type");
			FilterType type;
			if (typeName.isEmpty()) {
				type = infer(this.values.stream().map(Value::text).toList());
			}
			else {
				type = FilterType.fromWireName(typeName).orElse(null);
				if (type == null) {
					this.first.error("type", typeName, "must be one of " + FilterType.wireNames());
					return null;
				}
			}
			List<Object> allowed = new ArrayList<>();
			for (Value value : this.values) {
				try {
					allowed.add(type.parse(normaliseBoolean(type, value.text())));
				}
				catch (IllegalArgumentException ex) {
					errors.add(new ImportError(sheet, value.row(), value.header(), value.text(),
							"must be " + type.expected() + " (the filter's type is " + type.wireName() + ")"));
				}
			}
			Boolean multiple = flag(this.first, "multiple");
			Boolean required = flag(this.first, "required");
			List<Object> defaults = new ArrayList<>();
			String defaultText = this.first.get("default");
			List<String> defaultValues = defaultText.isEmpty() ? List.of() : split(defaultText);
			if (defaultValues.size() > 1 && !Boolean.TRUE.equals(multiple)) {
				this.first.error("default", defaultText, "several defaults need multiple set to yes");
			}
			for (String text : defaultValues) {
				try {
					Object value = type.parse(normaliseBoolean(type, text));
					if (!allowed.contains(value)) {
						this.first.error("default", text, "must be one of the allowed values of '" + this.column + "'");
					}
					else {
						defaults.add(value);
					}
				}
				catch (IllegalArgumentException ex) {
					this.first.error("default", text, "must be " + type.expected());
				}
			}
			if (errors.size() > before) {
				return null;
			}
			return new Filter(this.label, this.table, this.column, type, Boolean.TRUE.equals(multiple),
					Boolean.TRUE.equals(required), allowed, defaults);
		}

		private static Boolean flag(Cells cells, String name) {
			String text = cells.get(name).toLowerCase(Locale.ROOT);
			return switch (text) {
				case "yes", "true", "1", "x", "y" -> true;
				case "no", "false", "0", "", "n" -> false;
				default -> {
					cells.error(name, text, "must be yes or no (true/false, 1/0, x or empty)");
					yield null;
				}
			};
		}

	}

	/** One row's cells by canonical column, and how to report a problem in it. */
	private static final class Cells {

		private final String sheet;

		private final SheetTable.Row row;

		private final Map<String, Integer> columns;

		private final SheetTable.Row header;

		private final List<ImportError> errors;

		Cells(String sheet, SheetTable.Row row, Map<String, Integer> columns, SheetTable.Row header,
				List<ImportError> errors) {
			this.sheet = sheet;
			this.row = row;
			this.columns = columns;
			this.header = header;
			this.errors = errors;
		}

		boolean hasColumn(String name) {
			return this.columns.containsKey(name);
		}

		String get(String name) {
			Integer index = this.columns.get(name);
			return (index != null) ? clean(this.row.cell(index)) : "";
		}

		String header(String name) {
			Integer index = this.columns.get(name);
			return (index != null) ? this.header.cell(index).strip() : name;
		}

		/**
		 * Reports each cell of a column the importer reads whose formula has no saved
		 * result, as its value is unknown.
		 * @return whether there was one
		 */
		boolean formulasWithoutResult() {
			boolean found = false;
			for (int index : this.row.formulasWithoutResult()) {
				if (this.columns.containsValue(index)) {
					this.errors.add(new ImportError(this.sheet, this.row.number(), this.header.cell(index).strip(), "",
							FORMULA_WITHOUT_RESULT));
					found = true;
				}
			}
			return found;
		}

		void error(String column, String value, String message) {
			this.errors.add(new ImportError(this.sheet, this.row.number(), header(column), value, message));
		}

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

	private static String normalise(String header) {
		return header.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "_").replace("\uFEFF", "");
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

	private static String nullToEmpty(String text) {
		return (text != null) ? text : "";
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
