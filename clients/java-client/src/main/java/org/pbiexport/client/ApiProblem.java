package org.pbiexport.client;

import java.util.List;

/**
 * An error the server answered (RFC 9457 problem, docs/contract.md "Errors").
 *
 * @param status the HTTP status
 * @param type the problem type, e.g. {@code /problems/invalid-request}
 * @param title short and fixed per type
 * @param detail what happened and what to do, in words
 * @param errors the fields at fault, if any
 */
public record ApiProblem(int status, String type, String title, String detail, List<FieldProblem> errors) {

	/**
	 * A field of the request at fault.
	 *
	 * @param field a path such as {@code filters.year}
	 * @param message what is wrong with it
	 * @param allowedValues the values it takes, when it only takes values from a list
	 */
	public record FieldProblem(String field, String message, List<String> allowedValues) {

	}

	/**
	 * The last part of the type: {@code invalid-request}, {@code unknown-report}, ….
	 * @return the slug
	 */
	public String slug() {
		return this.type.substring(this.type.lastIndexOf('/') + 1);
	}

	/**
	 * The problem in words for a person: the detail, then one line per field.
	 * @return a readable description
	 */
	public String describe() {
		StringBuilder text = new StringBuilder(this.detail.isBlank() ? this.title : this.detail);
		for (FieldProblem problem : this.errors) {
			String line = problem.field() + ": " + problem.message();
			if (text.indexOf(line) < 0) {
				text.append(System.lineSeparator()).append(line);
			}
			if (!problem.allowedValues().isEmpty()) {
				text.append(" (allowed: ").append(String.join(", ", problem.allowedValues())).append(')');
			}
		}
		return text.toString();
	}

}
