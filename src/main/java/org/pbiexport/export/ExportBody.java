package org.pbiexport.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import tools.jackson.databind.JsonNode;

/**
 * Reads {@code POST /api/export}'s JSON body (CONTRACT.md) into the same
 * {@link ExportInput} as a query:
 * {@code {"report_id": 1, "pages": [...], "format": "pdf", "filters": {"year": 2023,
 * "region": ["North", "South"]}, "scale": 2}}.
 */
final class ExportBody {

	private ExportBody() {
	}

	static ExportInput parse(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw ApiProblem.invalid("body", "must be a JSON object such as {\"report_id\": 1, \"format\": \"png\"}");
		}
		List<FieldProblem> problems = new ArrayList<>();
		List<String> pages = new ArrayList<>();
		JsonNode pageList = body.get("pages");
		if (pageList != null && !pageList.isNull()) {
			if (pageList.isArray()) {
				pageList.forEach((page) -> pages.add(scalar(page, "pages", problems)));
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
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems);
		}
		JsonNode download = body.get("download");
		return new ExportInput(text(body.get("report_id")), pages, text(body.get("format")), filters,
				text(body.get("width")), text(body.get("height")), text(body.get("scale")),
				download == null || !download.isBoolean() || download.booleanValue(), false);
	}

	private static String scalar(JsonNode node, String field, List<FieldProblem> problems) {
		if (node.isContainer() || node.isNull()) {
			problems.add(new FieldProblem(field, "must be a single value, not " + node));
			return "";
		}
		return node.asString();
	}

	private static String text(JsonNode node) {
		return (node == null || node.isNull() || node.isContainer()) ? null : node.asString();
	}

}
