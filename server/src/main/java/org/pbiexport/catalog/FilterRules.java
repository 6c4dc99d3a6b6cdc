package org.pbiexport.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a report's filters may be (docs/contract.md): named columns of named tables, one
 * filter per column, Power BI's INF prefixes refused, allowed values that are distinct
 * and short enough, and defaults that are among them. Part of {@link ReportRules}.
 */
final class FilterRules {

	/** Most characters of one text value. */
	static final int MAX_VALUE = 1000;

	private FilterRules() {
	}

	static void check(List<Filter> filters, RenderSettings settings, List<DraftProblem> problems) {
		Set<String> columns = new HashSet<>();
		for (int i = 0; i < filters.size(); i++) {
			Filter filter = filters.get(i);
			String path = "filters[" + i + "].";
			if (one(filter, path, problems) && !filter.column().isEmpty() && !columns.add(filter.column())) {
				problems.add(new DraftProblem(path + "column", "'" + filter.column()
						+ "' is already the column of another filter; a column may have one filter per report"));
			}
			if (filter.type() == FilterType.BOOLEAN && !settings.allowBooleanUrlFilters()) {
				problems.add(new DraftProblem(path + "type", "boolean filters are not documented for Power BI URL "
						+ "filters; set allow_boolean_url_filters to true to use them anyway"));
			}
		}
	}

	/**
	 * Checks what one filter may be by itself, naming its fields with {@code path} before
	 * them ({@code filters[0].} or nothing).
	 * @return whether its column is within its length
	 */
	static boolean one(Filter filter, String path, List<DraftProblem> problems) {
		ReportRules.text(filter.label(), path + "label", ReportRules.MAX_NAME, true, problems);
		ReportRules.text(filter.table(), path + "table", ReportRules.MAX_NAME, true, problems);
		boolean column = ReportRules.text(filter.column(), path + "column", ReportRules.MAX_NAME, true, problems);
		if (filter.table().startsWith("INF")) {
			problems.add(new DraftProblem(path + "table", "Power BI cannot filter tables whose name starts with INF"));
		}
		if (filter.column().startsWith("INF")) {
			problems
				.add(new DraftProblem(path + "column", "Power BI cannot filter columns whose name starts with INF"));
		}
		values(filter, path, problems);
		defaults(filter, path, problems);
		return column;
	}

	private static void values(Filter filter, String path, List<DraftProblem> problems) {
		FilterType type = filter.type();
		if (filter.allowedValues().isEmpty()) {
			problems.add(new DraftProblem(path + "allowed_values",
					"must list at least one value (" + type.expected() + ")"));
			return;
		}
		// A set, not a list: a filter may have hundreds of thousands of values.
		Set<Object> seen = new HashSet<>();
		for (int j = 0; j < filter.allowedValues().size(); j++) {
			Object value = filter.allowedValues().get(j);
			String valuePath = path + "allowed_values[" + j + "]";
			if (value instanceof String text && text.isBlank()) {
				problems.add(new DraftProblem(valuePath, "must not be empty"));
			}
			else if (value instanceof String text && text.length() > MAX_VALUE) {
				problems.add(new DraftProblem(valuePath, "must be at most " + MAX_VALUE + " characters"));
			}
			else if (!seen.add(value)) {
				problems.add(new DraftProblem(valuePath, "repeats the value " + shown(type, value)));
			}
		}
	}

	private static void defaults(Filter filter, String path, List<DraftProblem> problems) {
		String defaultPath = path + "default";
		if (filter.defaults().size() > 1 && !filter.multiple()) {
			problems.add(new DraftProblem(defaultPath, "must be one value, as the filter is not multiple"));
		}
		Set<Object> allowed = new HashSet<>(filter.allowedValues());
		for (Object value : filter.defaults()) {
			if (!allowed.contains(value)) {
				problems.add(new DraftProblem(defaultPath,
						"must be one of the allowed values, got " + shown(filter.type(), value),
						filter.allowedValuesJson().stream().distinct().toList()));
			}
		}
	}

	/** A value as its JSON text: {@code "North"}, {@code 2024}, {@code true}. */
	private static String shown(FilterType type, Object value) {
		Object json = type.toJson(value);
		if (json instanceof String text) {
			return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
		}
		return String.valueOf(json);
	}

}
