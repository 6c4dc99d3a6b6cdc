package org.pbiexport.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.Report;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One file per value ("bursting", docs/contract.md "Export jobs"): the {@code each},
 * {@code each_values} and {@code combine} fields of {@code POST /api/exports}, read with
 * their JSON types, then checked against the report like any filter value.
 *
 * @param each the column of the filter to split by
 * @param values the values as sent, or null for every allowed value
 * @param combine whether the values' PDFs are joined into one
 */
record BurstRequest(String each, @Nullable List<String> values, boolean combine) {

	/** The body fields that ask for one file per value. */
	static final List<String> FIELDS = List.of("each", "each_values", "combine");

	/** The burst a body asks for; empty when it has none of {@link #FIELDS}. */
	static Optional<BurstRequest> parse(JsonNode body) {
		if (body == null || !body.isObject() || FIELDS.stream().noneMatch(body::has)) {
			return Optional.empty();
		}
		List<FieldProblem> problems = new ArrayList<>();
		JsonNode each = body.get("each");
		String column = "";
		if (each == null || each.isNull() || !each.isString() || each.asString().isBlank()) {
			problems.add(new FieldProblem("each", "must name the column of one of the report's filters (a string),"
					+ " whose values each get a file; each_values and combine go with it"));
		}
		else {
			column = each.asString();
		}
		List<String> values = null;
		JsonNode list = body.get("each_values");
		if (list != null && !list.isNull()) {
			if (!list.isArray()) {
				problems.add(new FieldProblem("each_values", "must be a list of values of the filter named by each"));
			}
			else {
				values = new ArrayList<>();
				for (int i = 0; i < list.size(); i++) {
					JsonNode value = list.get(i);
					if (value.isContainer() || value.isNull()) {
						problems.add(new FieldProblem("each_values[" + i + "]", "must be a single value"));
					}
					else {
						values.add(value.asString());
					}
				}
			}
		}
		JsonNode combine = body.get("combine");
		if (combine != null && !combine.isNull() && !combine.isBoolean()) {
			problems.add(new FieldProblem("combine", "must be true or false"));
		}
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems);
		}
		return Optional.of(new BurstRequest(column, values, combine != null && combine.asBoolean(false)));
	}

	/** The body without the burst's fields: the export that every value shares. */
	static JsonNode shared(JsonNode body) {
		ObjectNode copy = ((ObjectNode) body).deepCopy();
		FIELDS.forEach(copy::remove);
		return copy;
	}

	/**
	 * The values to export, as filter text in the filter's order of allowed values,
	 * without repeats; or 400 naming {@code each}, {@code each_values[i]} or
	 * {@code combine}, every problem at once.
	 * @param maxValues the most values one job may have
	 */
	List<String> check(Report report, ExportInput input, int maxValues) {
		Filter filter = report.filter(this.each)
			.orElseThrow(() -> ApiProblem.invalid("each",
					"'" + this.each + "' is not a filter of this report; its filters are: "
							+ String.join(", ", report.filters().stream().map(Filter::column).toList())));
		List<FieldProblem> problems = new ArrayList<>();
		List<Object> chosen = new ArrayList<>();
		if (this.values == null) {
			chosen.addAll(filter.allowedValues());
		}
		else if (this.values.size() > maxValues) {
			problems.add(new FieldProblem("each_values", tooMany(this.values.size(), maxValues)));
		}
		else if (this.values.isEmpty()) {
			problems.add(new FieldProblem("each_values",
					"must name at least one value; leave it out for every allowed value", filter.allowedValuesJson()));
		}
		else {
			for (int i = 0; i < this.values.size(); i++) {
				String text = this.values.get(i);
				String field = "each_values[" + i + "]";
				try {
					Object value = filter.allowedValue(filter.type().parse(text)).orElse(null);
					if (value == null) {
						problems.add(new FieldProblem(field, "'" + text + "' is not an allowed value of " + this.each,
								filter.allowedValuesJson()));
					}
					else if (!chosen.contains(value)) {
						chosen.add(value);
					}
				}
				catch (IllegalArgumentException ex) {
					problems.add(new FieldProblem(field, ex.getMessage(), filter.allowedValuesJson()));
				}
			}
			chosen
				.sort((a, b) -> Integer.compare(filter.allowedValues().indexOf(a), filter.allowedValues().indexOf(b)));
		}
		if (this.values == null && chosen.isEmpty()) {
			problems.add(new FieldProblem("each", "'" + this.each + "' has no allowed values to split by"));
		}
		if (chosen.size() > maxValues) {
			problems.add(new FieldProblem("each", tooMany(chosen.size(), maxValues)));
		}
		boolean pdf = input.format() != null
				&& ExportFormat.fromWireName(input.format()).filter(ExportFormat.PDF::equals).isPresent();
		if (this.combine && !pdf) {
			problems.add(new FieldProblem("combine",
					"joins the values' files into one PDF, so it needs \"format\": \"pdf\""));
		}
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems);
		}
		return chosen.stream().map(filter.type()::format).toList();
	}

	private static String tooMany(int values, int maxValues) {
		return "asks for " + values + " files; one job makes at most " + maxValues
				+ " (pbi-export.export.max-burst-values): choose fewer values with each_values";
	}

	/** The shared export with this filter set to one value. */
	ExportInput withValue(ExportInput input, String value) {
		Map<String, List<String>> filters = new HashMap<>(input.filters());
		filters.put(this.each, List.of(value));
		return new ExportInput(input.reportId(), input.pages(), input.format(), filters, input.width(), input.height(),
				input.scale(), input.download(), false);
	}

	/**
	 * The export every value shares, as a zip or PDF: without the split filter, for the
	 * file's name.
	 */
	ExportPlan sharedPlan(ExportPlan first) {
		return new ExportPlan(first.report(), first.pages(),
				first.filters().stream().filter((applied) -> !applied.filter().column().equals(this.each)).toList(),
				this.combine ? ExportFormat.PDF : ExportFormat.ZIP, first.width(), first.height(), first.scale(),
				first.download());
	}

	/**
	 * The job file's name and ETag: the shared export's name as a zip or PDF, and a tag
	 * of the values' export and the values.
	 */
	ExportFiles.Labels labels(List<String> values, ExportPlan first) {
		ExportPlan shared = sharedPlan(first);
		String tag = shared.cacheKey().value() + "|" + first.format().wireName() + "|" + this.each + "|"
				+ String.join("\u0000", values);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(tag.getBytes(StandardCharsets.UTF_8));
			return new ExportFiles.Labels(ExportFiles.disposition(ExportEngine.fileName(shared), shared),
					"\"each-" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
