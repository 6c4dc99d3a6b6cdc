package org.pbiexport.cli;

import java.nio.file.Path;

import org.pbiexport.client.ApiProblem;
import org.pbiexport.client.ExportedFile;
import org.pbiexport.client.ImportSummary;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON {@code --json} prints, in shapes scripts may rely on: snake_case keys as in
 * the API, errors as its problem objects plus the exit code.
 */
final class JsonOutput {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private JsonOutput() {
	}

	static String exported(Path file, ExportedFile exported) {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("file", file.toString());
		node.put("bytes", exported.bytes().length);
		node.put("content_type", exported.contentType());
		node.put("cache", exported.fromCache() ? "HIT" : "MISS");
		return node.toString();
	}

	static String imported(ImportSummary summary) {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("rows", summary.rows());
		node.put("created", summary.created());
		node.put("updated", summary.updated());
		node.put("deleted", summary.deleted());
		node.put("unchanged", summary.unchanged());
		ArrayNode errors = node.putArray("errors");
		for (ImportSummary.RowError error : summary.errors()) {
			errors.addObject()
				.put("sheet", error.sheet())
				.put("row", error.row())
				.put("column", error.column())
				.put("value", error.value())
				.put("message", error.message());
		}
		node.put("applied", summary.applied());
		if (summary.version() != null) {
			node.put("version", summary.version());
		}
		else {
			node.putNull("version");
		}
		return node.toString();
	}

	static String problem(ApiProblem problem, int exitCode) {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("type", problem.type());
		node.put("title", problem.title());
		node.put("status", problem.status());
		node.put("detail", problem.detail());
		if (!problem.errors().isEmpty()) {
			ArrayNode errors = node.putArray("errors");
			for (ApiProblem.FieldProblem error : problem.errors()) {
				ObjectNode entry = errors.addObject().put("field", error.field()).put("message", error.message());
				if (!error.allowedValues().isEmpty()) {
					ArrayNode allowed = entry.putArray("allowed_values");
					error.allowedValues().forEach(allowed::add);
				}
			}
		}
		node.put("exit_code", exitCode);
		return node.toString();
	}

	/**
	 * A failure on this side, as a problem object whose type is the command line's own.
	 * @param slug what failed, e.g. {@code server-unreachable}
	 * @param title short and fixed per slug
	 * @param detail what happened, in words
	 * @param exitCode the exit code
	 * @return the JSON
	 */
	static String cliProblem(String slug, String title, String detail, int exitCode) {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("type", "/problems/cli/" + slug);
		node.put("title", title);
		node.put("detail", detail);
		node.put("exit_code", exitCode);
		return node.toString();
	}

}
