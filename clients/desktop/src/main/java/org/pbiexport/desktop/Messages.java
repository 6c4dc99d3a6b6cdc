package org.pbiexport.desktop;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;

import org.pbiexport.client.ApiException;
import org.pbiexport.client.ApiProblem;
import org.pbiexport.client.ServerUnreachable;

/**
 * Failures in words for the person at the screen: never a stack trace.
 */
final class Messages {

	private static final List<String> KEY_PROBLEMS = List.of("api-key-required", "invalid-api-key", "unauthorized",
			"forbidden");

	private Messages() {
	}

	/**
	 * What went wrong, in words.
	 * @param failure what the work threw
	 * @param server the server's address
	 * @param fieldName the label people know a field by, from its path (e.g.
	 * {@code filters.Year} → {@code Year})
	 * @return a message
	 */
	static String describe(Throwable failure, String server, UnaryOperator<String> fieldName) {
		if (failure instanceof ServerUnreachable) {
			return "Nothing answers at " + server + ". Check the address and that the server is running.";
		}
		if (failure instanceof CancellationException) {
			return "Cancelled.";
		}
		if (failure instanceof ApiException api) {
			ApiProblem problem = api.problem();
			if (problem.status() == 401 || (problem.status() == 403 && KEY_PROBLEMS.contains(problem.slug()))) {
				return "The key was refused: " + problem.detail();
			}
			return fields(problem, fieldName);
		}
		if (failure instanceof java.io.IOException || failure instanceof java.io.UncheckedIOException) {
			return "The file could not be written: " + failure.getMessage();
		}
		return "Something went wrong: " + failure.getMessage();
	}

	private static String fields(ApiProblem problem, UnaryOperator<String> fieldName) {
		if (problem.errors().isEmpty()) {
			return problem.detail().isBlank() ? problem.title() : problem.detail();
		}
		StringBuilder text = new StringBuilder("The server could not export this choice:");
		for (ApiProblem.FieldProblem field : problem.errors()) {
			String message = field.message();
			String line = fieldName.apply(field.field()) + ": " + message + (message.matches(".*[.!?]$") ? "" : ".");
			if (!field.allowedValues().isEmpty()) {
				line += " Allowed: " + String.join(", ", field.allowedValues()) + ".";
			}
			text.append(System.lineSeparator()).append("• ").append(line);
		}
		return text.toString();
	}

}
