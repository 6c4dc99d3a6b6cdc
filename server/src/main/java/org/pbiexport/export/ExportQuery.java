package org.pbiexport.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

/**
 * Reads {@code GET /api/export}'s query: {@code report_id}, repeatable {@code page},
 * {@code format}, repeatable {@code filter.<column>}, {@code width}, {@code height},
 * {@code scale}, {@code download}, {@code dry_run}. Other parameters (cache busters) are
 * ignored. The switches take {@code true} or {@code false} only: {@code dry_run=1} or
 * {@code download=maybe} are refused rather than read as something the client may not
 * have meant.
 */
final class ExportQuery {

	static final String FILTER_PREFIX = "filter.";

	private ExportQuery() {
	}

	static ExportInput parse(Map<String, String[]> parameters) {
		List<FieldProblem> problems = new ArrayList<>();
		boolean download = switchOf(parameters, "download", true, problems);
		boolean dryRun = switchOf(parameters, "dry_run", false, problems);
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems);
		}
		Map<String, List<String>> filters = new LinkedHashMap<>();
		parameters.forEach((name, values) -> {
			if (name.startsWith(FILTER_PREFIX)) {
				filters.computeIfAbsent(name.substring(FILTER_PREFIX.length()), (column) -> new ArrayList<>())
					.addAll(List.of(values));
			}
		});
		return new ExportInput(first(parameters, "report_id"), List.of(parameters.getOrDefault("page", new String[0])),
				first(parameters, "format"), filters, first(parameters, "width"), first(parameters, "height"),
				first(parameters, "scale"), download, dryRun);
	}

	private static boolean switchOf(Map<String, String[]> parameters, String name, boolean absent,
			List<FieldProblem> problems) {
		String value = lower(first(parameters, name));
		if (value == null) {
			return absent;
		}
		if (value.equals("true") || value.equals("false")) {
			return value.equals("true");
		}
		problems.add(new FieldProblem(name, "must be true or false, got '" + first(parameters, name) + "'",
				List.of("true", "false")));
		return absent;
	}

	private static String first(Map<String, String[]> parameters, String name) {
		String[] values = parameters.get(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	private static String lower(String value) {
		return (value != null) ? value.trim().toLowerCase(Locale.ROOT) : null;
	}

}
