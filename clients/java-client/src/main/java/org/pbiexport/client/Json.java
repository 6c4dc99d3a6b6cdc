package org.pbiexport.client;

import java.util.ArrayList;
import java.util.List;

import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading the API's JSON into this library's records.
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static Report report(JsonNode node) {
		return new Report(node.path("report_id").asLong(), text(node, "title"), text(node, "description"),
				node.path("page_count").asInt(), texts(node.path("formats")));
	}

	static Page page(JsonNode node) {
		return new Page(text(node, "name"), text(node, "display_name"), node.path("order").asInt(),
				node.path("width").asInt(), node.path("height").asInt());
	}

	static Filter filter(JsonNode node) {
		JsonNode defaults = node.path("default");
		return new Filter(text(node, "label"), text(node, "column"), text(node, "table"), text(node, "type"),
				node.path("multiple").asBoolean(), node.path("required").asBoolean(),
				texts(node.path("allowed_values")), defaults.isArray() ? texts(defaults)
						: (defaults.isNull() || defaults.isMissingNode()) ? List.of() : List.of(value(defaults)));
	}

	static ApiProblem problem(JsonNode node, int status) {
		List<ApiProblem.FieldProblem> errors = new ArrayList<>();
		for (JsonNode error : node.path("errors")) {
			errors.add(new ApiProblem.FieldProblem(text(error, "field"), text(error, "message"),
					texts(error.path("allowed_values"))));
		}
		return new ApiProblem(node.path("status").asInt(status), text(node, "type"), text(node, "title"),
				text(node, "detail"), errors);
	}

	static JobStatus job(JsonNode node) {
		JsonNode error = node.path("error");
		return new JobStatus(text(node, "job_id"), text(node, "status"), node.path("progress").asDouble(),
				error.isObject() ? problem(error, error.path("status").asInt()) : null);
	}

	static ImportSummary imported(JsonNode node) {
		List<ImportSummary.RowError> errors = new ArrayList<>();
		for (JsonNode error : node.path("errors")) {
			errors.add(new ImportSummary.RowError(text(error, "sheet"), error.path("row").asInt(),
					text(error, "column"), text(error, "value"), text(error, "message")));
		}
		JsonNode version = node.path("version");
		return new ImportSummary(node.path("rows").asInt(), node.path("created").size(), node.path("updated").size(),
				node.path("deleted").size(), node.path("unchanged").size(), errors, node.path("applied").asBoolean(),
				version.isNumber() ? version.asInt() : null);
	}

	static String exportBody(ExportRequest request) {
		ObjectNode body = MAPPER.createObjectNode();
		body.put("report_id", request.reportId());
		body.put("format", request.format().toLowerCase(Locale.ROOT));
		if (!request.pages().isEmpty()) {
			ArrayNode pages = body.putArray("pages");
			request.pages().forEach(pages::add);
		}
		ObjectNode filters = body.putObject("filters");
		request.filters().forEach((column, values) -> {
			if (values.size() == 1) {
				filters.put(column, values.get(0));
			}
			else {
				ArrayNode list = filters.putArray(column);
				values.forEach(list::add);
			}
		});
		if (request.scale() != null) {
			body.put("scale", request.scale());
		}
		return MAPPER.writeValueAsString(body);
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isNull() || value.isMissingNode()) ? "" : value(value);
	}

	static List<String> texts(JsonNode array) {
		List<String> values = new ArrayList<>();
		for (JsonNode value : array) {
			values.add(value(value));
		}
		return values;
	}

	private static String value(JsonNode value) {
		return value.isValueNode() ? value.asString() : value.toString();
	}

}
