package org.pbiexport.imports;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.pbiexport.catalog.DraftProblem;
import org.pbiexport.catalog.Filter;

/**
 * The catalogue's problems with an imported report, as import errors: each at the row and
 * header its filter came from, with the same words the admin API uses.
 */
final class RuleErrors {

	private static final Pattern FIELD = Pattern.compile("(?:filters\\[(\\d+)]\\.)?([a-z_]+)(?:\\[(\\d+)])?");

	private static final FilterOrigin NOWHERE = new FilterOrigin("", 0, Map.of());

	private RuleErrors() {
	}

	/**
	 * @param filters the report's filters, which the problems' paths count in
	 * ({@code filters[2].type})
	 * @param origins where each imported filter came from, by column
	 */
	static List<ImportError> of(List<DraftProblem> problems, List<Filter> filters, Map<String, FilterOrigin> origins) {
		return problems.stream().map((problem) -> of(problem, filters, origins)).toList();
	}

	private static ImportError of(DraftProblem problem, List<Filter> filters, Map<String, FilterOrigin> origins) {
		Matcher field = FIELD.matcher(problem.field());
		if (!field.matches() || field.group(1) == null) {
			return NOWHERE.error(problem.field(), "", problem.message());
		}
		Filter filter = filters.get(Integer.parseInt(field.group(1)));
		FilterOrigin origin = origins.getOrDefault(filter.column(), NOWHERE);
		String name = field.group(2);
		return origin.error(name, value(filter, name, field.group(3)), problem.message());
	}

	/** The text of a filter's field, as an import error shows it. */
	static String value(Filter filter, String name, String index) {
		return switch (name) {
			case "label" -> filter.label();
			case "table" -> filter.table();
			case "column" -> filter.column();
			case "type" -> filter.type().wireName();
			case "allowed_values" ->
				(index != null) ? filter.type().format(filter.allowedValues().get(Integer.parseInt(index))) : "";
			case "default" -> String.join(", ", filter.defaults().stream().map(filter.type()::format).toList());
			default -> "";
		};
	}

}
