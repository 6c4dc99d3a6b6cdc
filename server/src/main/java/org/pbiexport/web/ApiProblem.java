package org.pbiexport.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A failure that an API client caused or must know about, named as a fact. Mapped once,
 * by {@link ProblemResponses}, to an RFC 9457 problem body; its message is shown to the
 * client, so it never carries anything internal.
 */
public class ApiProblem extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final List<FieldProblem> errors;

	private final Map<String, Object> headers;

	protected ApiProblem(HttpStatus status, String type, String title, String detail, List<FieldProblem> errors) {
		this(status, type, title, detail, errors, Map.of());
	}

	protected ApiProblem(HttpStatus status, String type, String title, String detail, List<FieldProblem> errors,
			Map<String, Object> headers) {
		super(detail, null, false, false);
		this.status = status;
		this.type = type;
		this.title = title;
		this.errors = List.copyOf(errors);
		this.headers = Map.copyOf(headers);
	}

	/**
	 * A problem of its own type ({@code /problems/<type>}) and title, for a module that
	 * maps its own failures to HTTP.
	 */
	public static ApiProblem of(HttpStatus status, String type, String title, String detail) {
		return new ApiProblem(status, type, title, detail, List.of());
	}

	public static ApiProblem notFound(String detail) {
		return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail, List.of());
	}

	public static ApiProblem invalid(List<FieldProblem> errors) {
		String detail = (errors.size() == 1) ? errors.get(0).field() + ": " + errors.get(0).message()
				: errors.size() + " problems with the request; see errors";
		return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, errors);
	}

	public static ApiProblem invalid(String field, String message) {
		return invalid(List.of(new FieldProblem(field, message)));
	}

	/** One field's problem, in English here and in the page's language on the pages. */
	public static ApiProblem invalid(String field, Text text) {
		return invalid(List.of(FieldProblem.of(field, text)));
	}

	public static ApiProblem conflict(String detail) {
		return new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail, List.of());
	}

	public HttpStatus status() {
		return this.status;
	}

	public URI type() {
		return URI.create("/problems/" + this.type);
	}

	public String title() {
		return this.title;
	}

	public List<FieldProblem> errors() {
		return this.errors;
	}

	/** Extra response headers, such as {@code Retry-After}. */
	public Map<String, Object> headers() {
		return this.headers;
	}

}
