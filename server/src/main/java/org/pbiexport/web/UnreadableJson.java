package org.pbiexport.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;

/**
 * A request body that is not the JSON it should be, said as a client can fix it: where
 * the text stops being JSON (line and column), or which field has a value of the wrong
 * type. Never the parser's own words: they name its classes and may quote any length of
 * the body.
 */
final class UnreadableJson {

	/** A field path longer than this is cut: it is the client's own text. */
	private static final int MAX_PATH = 100;

	private UnreadableJson() {
	}

	/** The body's problem, found among the causes of a failed read. */
	static ApiProblem problem(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException json) {
				return problem(json);
			}
		}
		return ApiProblem.invalid("body", "is missing or is not JSON: send a JSON object");
	}

	private static ApiProblem problem(JacksonException failure) {
		String path = path(failure.getPath());
		String where = where(failure.getLocation());
		if (failure instanceof StreamReadException || path.isEmpty()) {
			return ApiProblem.invalid("body", "is not valid JSON: it breaks" + where);
		}
		return ApiProblem.invalid(path, "has a value of the wrong type" + where);
	}

	/** {@code filters.year}, {@code pages[0]}: the path of docs/contract.md's errors. */
	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > MAX_PATH) ? path.substring(0, MAX_PATH) + "…" : path.toString();
	}

	private static String where(@Nullable TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

}
