package org.pbiexport.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.pbiexport.catalog.DraftProblem;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.ReportRules;

/**
 * A filter being assembled from one row of a filter sheet, or several in the
 * one-value-per-row layout, and then typed: its type given or inferred, its values and
 * defaults parsed as that type, and its flags read, each problem reported at its cell.
 */
final class FilterDraft {

	private static final Pattern ALLOWED_VALUE = Pattern.compile("allowed_values\\[(\\d+)]");

	/** The filter file's column of each field of docs/contract.md's filter. */
	private static final Map<String, String> FIELD_COLUMNS = Map.of("label", "filter_label", "table", "table_name",
			"column", "column_name", "type", "type", "default", "default", "multiple", "multiple", "required",
			"required");

	private final int row;

	private final String label;

	private final String table;

	private final String column;

	private final FilterRow first;

	private final List<Value> values = new ArrayList<>();

	FilterDraft(int row, String label, String table, String column, FilterRow first) {
		this.row = row;
		this.label = label;
		this.table = table;
		this.column = column;
		this.first = first;
	}

	/** The row the filter starts on, for messages about a second filter on its column. */
	int row() {
		return this.row;
	}

	/** Adds a value of the filter as read, with where it came from. */
	void add(String text, int row, String header) {
		this.values.add(new Value(text, row, header));
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
			type = FilterFileReader.infer(this.values.stream().map(Value::text).toList());
		}
		else {
			type = FilterType.fromWireName(typeName).orElse(null);
			if (type == null) {
				this.first.error("type", typeName, "must be one of " + FilterType.wireNames());
				return null;
			}
		}
		List<Object> allowed = new ArrayList<>();
		List<Value> allowedFrom = new ArrayList<>();
		for (Value value : this.values) {
			try {
				allowed.add(type.parse(FilterFileReader.normaliseBoolean(type, value.text())));
				allowedFrom.add(value);
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
		for (String text : defaultText.isEmpty() ? List.<String>of() : FilterFileReader.split(defaultText)) {
			try {
				defaults.add(type.parse(FilterFileReader.normaliseBoolean(type, text)));
			}
			catch (IllegalArgumentException ex) {
				this.first.error("default", text, "must be " + type.expected());
			}
		}
		if (errors.size() > before) {
			return null;
		}
		Filter filter = new Filter(this.label, this.table, this.column, type, Boolean.TRUE.equals(multiple),
				Boolean.TRUE.equals(required), allowed, defaults);
		for (DraftProblem problem : ReportRules.checkFilter(filter)) {
			Matcher value = ALLOWED_VALUE.matcher(problem.field());
			if (value.matches()) {
				Value from = allowedFrom.get(Integer.parseInt(value.group(1)));
				errors.add(new ImportError(sheet, from.row(), from.header(), from.text(), problem.message()));
			}
			else {
				errors.add(origin(sheet).error(problem.field(), RuleErrors.value(filter, problem.field(), null),
						problem.message()));
			}
		}
		return (errors.size() > before) ? null : filter;
	}

	/** Where the filter starts, with the file's header of each of its fields. */
	FilterOrigin origin(String sheet) {
		Map<String, String> headers = new HashMap<>();
		FIELD_COLUMNS.forEach((field, column) -> headers.put(field, this.first.header(column)));
		headers.put("allowed_values",
				this.first.header(this.first.hasColumn("allowed_values") ? "allowed_values" : "value"));
		return new FilterOrigin(sheet, this.row, headers);
	}

	private static Boolean flag(FilterRow cells, String name) {
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

	/** A value as read, with where it came from. */
	private record Value(String text, int row, String header) {
	}

}
