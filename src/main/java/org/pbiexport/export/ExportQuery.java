package org.pbiexport.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code GET /api/export}'s query: {@code report_id}, repeatable {@code page},
 * {@code format}, repeatable {@code filter.<column>}, {@code width}, {@code height},
 * {@code scale}, {@code download}, {@code dry_run}. Other parameters (cache busters) are
 * ignored.
 */
final class ExportQuery {

	static final String FILTER_PREFIX = "filter.";

	private ExportQuery() {
	}

	static ExportInput parse(Map<String, String[]> parameters) {
		Map<String, List<String>> filters = new LinkedHashMap<>();
		parameters.forEach((name, values) -> {
			if (name.startsWith(FILTER_PREFIX)) {
				filters.computeIfAbsent(name.substring(FILTER_PREFIX.length()), (column) -> new ArrayList<>())
					.addAll(List.of(values));
			}
		});
		return new ExportInput(first(parameters, "report_id"), List.of(parameters.getOrDefault("page", new String[0])),
				first(parameters, "format"), filters, first(parameters, "width"), first(parameters, "height"),
				first(parameters, "scale"), !"false".equals(lower(first(parameters, "download"))),
				"true".equals(lower(first(parameters, "dry_run"))));
	}

	private static String first(Map<String, String[]> parameters, String name) {
		String[] values = parameters.get(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	private static String lower(String value) {
		return (value != null) ? value.trim().toLowerCase(Locale.ROOT) : null;
	}

}
