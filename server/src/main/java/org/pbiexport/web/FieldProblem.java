package org.pbiexport.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One problem with one field of a request: {@code {"field": "filters.year", "message":
 * "..."}}, plus {@code allowed_values} when the field only takes values from a list. The
 * message is English; a problem made with a {@link Text} can also be said in the language
 * of a page ({@link PageTexts}).
 */
public record FieldProblem(String field, String message, @Nullable List<?> allowedValues, @Nullable Text text) {

	public FieldProblem(String field, String message) {
		this(field, message, null, null);
	}

	public FieldProblem(String field, String message, @Nullable List<?> allowedValues) {
		this(field, message, allowedValues, null);
	}

	/** A problem whose message the pages can translate; the API says its English. */
	public static FieldProblem of(String field, Text text) {
		return new FieldProblem(field, text.english(), null, text);
	}

	/**
	 * The JSON shape of docs/contract.md: snake_case keys, {@code allowed_values} only
	 * when known.
	 */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("field", this.field);
		json.put("message", this.message);
		if (this.allowedValues != null) {
			json.put("allowed_values", this.allowedValues);
		}
		return json;
	}

}
