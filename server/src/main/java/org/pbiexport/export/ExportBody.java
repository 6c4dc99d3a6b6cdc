package org.pbiexport.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import tools.jackson.databind.JsonNode;

/**
 * Reads {@code POST /api/export}'s JSON body (docs/contract.md) into the same
 * {@link ExportInput} as a query:
 * {@code {"report_id": 1, "pages": [...], "format": "pdf", "filters": {"year": 2023,
 * "region": ["North", "South"]}, "scale": 2}}. Each field must have its JSON type
 * ({@code "report_id": "1"} is refused, not read as 1); filter values are scalars,
 * checked against their filter's type by the planner. The fields of one file per value
 * ({@link BurstRequest}) are refused: only a job makes those. Other fields are left to
 * whoever reads them.
 */
final class ExportBody {

	private ExportBody() {
	}

	static ExportInput parse(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw ApiProblem.invalid("body", "must be a JSON object such as {\"report_id\": 1, \"format\": \"png\"}");
		}
		List<FieldProblem> problems = new ArrayList<>();
		for (String field : BurstRequest.FIELDS) {
			if (body.has(field)) {
				problems.add(new FieldProblem(field, "asks for one file per value, which only an export job makes:"
						+ " send this body to POST /api/exports and follow the job"));
			}
		}
		List<String> pages = new ArrayList<>();
		JsonNode pageList = body.get("pages");
		if (pageList != null && !pageList.isNull()) {
			if (pageList.isArray()) {
				pageList.forEach((page) -> {
					if (page.isString()) {
						pages.add(page.asString());
					}
					else {
						problems.add(new FieldProblem("pages",
								"must be internal page names (strings), got " + typeOf(page)));
					}
				});
			}
			else {
				problems.add(new FieldProblem("pages", "must be a list of internal page names"));
			}
		}
		Map<String, List<String>> filters = new LinkedHashMap<>();
		JsonNode filterObject = body.get("filters");
		if (filterObject != null && !filterObject.isNull()) {
			if (!filterObject.isObject()) {
				problems.add(new FieldProblem("filters", "must be an object of column: value (or a list of values)"));
			}
			else {
				for (String column : filterObject.propertyNames()) {
					JsonNode value = filterObject.get(column);
					List<String> values = new ArrayList<>();
					if (value.isArray()) {
						value.forEach((item) -> values.add(scalar(item, "filters." + column, problems)));
					}
					else if (!value.isNull()) {
						values.add(scalar(value, "filters." + column, problems));
					}
					filters.put(column, values);
				}
			}
		}
		String reportId = typed(body, "report_id", JsonNode::isIntegralNumber, "a whole number such as 1", problems);
		String format = typed(body, "format", JsonNode::isString, "a string such as \"png\"", problems);
		String width = typed(body, "width", JsonNode::isIntegralNumber, "a whole number of CSS pixels", problems);
		String height = typed(body, "height", JsonNode::isIntegralNumber, "a whole number of CSS pixels", problems);
		String scale = typed(body, "scale", JsonNode::isNumber, "a number from 1 to 3", problems);
		String download = typed(body, "download", JsonNode::isBoolean, "true or false", problems);
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems);
		}
		return new ExportInput(reportId, pages, format, filters, width, height, scale, !"false".equals(download),
				false);
	}

	/**
	 * The field's value as text when it has the expected JSON type; null when absent or
	 * null; a problem otherwise.
	 */
	private static String typed(JsonNode body, String field, Predicate<JsonNode> expected, String description,
			List<FieldProblem> problems) {
		JsonNode node = body.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!expected.test(node)) {
			problems.add(new FieldProblem(field, "must be " + description + ", got " + typeOf(node)));
			return null;
		}
		return node.asString();
	}

	private static String typeOf(JsonNode node) {
		if (node.isString()) {
			return "the string " + shortened(node.toString());
		}
		if (node.isArray()) {
			return "a list";
		}
		if (node.isObject()) {
			return "an object";
		}
		return shortened(node.toString());
	}

	private static String shortened(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "…" : text;
	}

	private static String scalar(JsonNode node, String field, List<FieldProblem> problems) {
		if (node.isContainer() || node.isNull()) {
			problems.add(new FieldProblem(field, "must be a single value, not " + typeOf(node)));
			return "";
		}
		return node.asString();
	}

}
