package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.List;

import org.pbiexport.catalog.FilterType;

import tools.jackson.databind.JsonNode;

/**
 * A report document's filter values read as their filter's type: each that is not of the
 * type is a problem at its place; which values are allowed, and which defaults, is for
 * the catalogue's rules.
 */
final class FilterValues {

	private FilterValues() {
	}

	/**
	 * The typed allowed values; {@code indexes} receives, for each, its place in the
	 * document's list.
	 */
	static List<Object> allowed(JsonNode filter, String path, FilterType type, List<Integer> indexes,
			DocumentProblems problems) {
		JsonNode values = filter.get("allowed_values");
		if (values == null || !values.isArray()) {
			return List.of();
		}
		List<Object> allowed = new ArrayList<>();
		for (int j = 0; j < values.size(); j++) {
			try {
				allowed.add(type.fromJson(values.get(j)));
				indexes.add(j);
			}
			catch (IllegalArgumentException | ArithmeticException ex) {
				problems.add(path + ".allowed_values[" + j + "]", messageOf(ex, type));
			}
		}
		return allowed;
	}

	/** The typed defaults, each once. */
	static List<Object> defaults(JsonNode filter, String path, FilterType type, boolean multiple,
			DocumentProblems problems) {
		JsonNode node = filter.get("default");
		if (node == null || node.isNull()) {
			return List.of();
		}
		String defaultPath = path + ".default";
		if (node.isArray() && !multiple) {
			problems.add(defaultPath, "must be one value, as the filter is not multiple");
			return List.of();
		}
		List<JsonNode> nodes = new ArrayList<>();
		if (node.isArray()) {
			node.forEach(nodes::add);
		}
		else {
			nodes.add(node);
		}
		List<Object> defaults = new ArrayList<>();
		for (JsonNode value : nodes) {
			try {
				Object typed = type.fromJson(value);
				if (!defaults.contains(typed)) {
					defaults.add(typed);
				}
			}
			catch (IllegalArgumentException | ArithmeticException ex) {
				problems.add(defaultPath, messageOf(ex, type));
			}
		}
		return defaults;
	}

	private static String messageOf(RuntimeException ex, FilterType type) {
		return (ex instanceof IllegalArgumentException && ex.getMessage() != null) ? ex.getMessage()
				: "must be " + type.expected();
	}

}
