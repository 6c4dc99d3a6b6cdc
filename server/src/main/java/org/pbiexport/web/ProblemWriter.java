package org.pbiexport.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem straight to a servlet response, for the places that answer
 * before Spring MVC does: security filters, request limits, the error page and Tomcat's
 * own error reports. The body has the same shape as {@link ProblemResponses}' answers.
 */
@Component
public class ProblemWriter {

	/** The request attribute naming the problem a request was answered with. */
	private static final String ANSWERED = ProblemWriter.class.getName() + ".answered";

	/** An instance longer than this (a 10 KB address) is cut: errors stay small. */
	private static final int MAX_INSTANCE = 256;

	private final JsonMapper json;

	public ProblemWriter(JsonMapper json) {
		this.json = json;
	}

	/**
	 * A problem of docs/contract.md's shape: {@code type} is {@code /problems/<slug>},
	 * the title is the status's reason phrase.
	 */
	public static ProblemDetail problem(HttpStatusCode status, String slug, String detail, @Nullable String instance) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("/problems/" + slug));
		if (instance != null) {
			problem.setInstance(safeUri(instance));
		}
		return problem;
	}

	/** The type slug of Spring MVC's and the servlet container's own errors. */
	public static String slugOf(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> "invalid-request";
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 413 -> "body-too-large";
			case 414 -> "uri-too-long";
			case 415 -> "unsupported-media-type";
			case 431 -> "headers-too-large";
			case 503 -> "unavailable";
			default -> "http-" + status.value();
		};
	}

	/** Notes the problem type a request is answered with, for {@link #answeredSlug}. */
	static void noteAnswered(HttpServletRequest request, @Nullable URI type) {
		if (type != null) {
			request.setAttribute(ANSWERED, type.getPath().substring(type.getPath().lastIndexOf('/') + 1));
		}
	}

	/**
	 * The slug of the problem this request was answered with (such as
	 * {@code unknown-report}), once an answer was decided; for a failure answered by the
	 * container (a {@code sendError}) the slug of its status; null for a success.
	 */
	public static @Nullable String answeredSlug(HttpServletRequest request, int status) {
		Object noted = request.getAttribute(ANSWERED);
		if (noted != null) {
			return noted.toString();
		}
		return (status >= 400) ? slugOf(HttpStatusCode.valueOf(status)) : null;
	}

	/**
	 * What a container or framework error means, in words that say nothing internal.
	 */
	public static String detailOf(int status) {
		return switch (status) {
			case 400 -> "The request is malformed: check its address (no encoded slashes or NUL characters, "
					+ "percent-encoded UTF-8 only) and its headers.";
			case 404 -> "No such resource.";
			case 405 -> "This method is not allowed here.";
			case 408 -> "The request took too long to arrive.";
			case 413 -> "The request body is too large.";
			case 414, 431 -> "The request's address or headers are too long.";
			case 415 -> "This content type is not accepted here.";
			case 503 -> "The service is unavailable for now; try again later.";
			default -> (status >= 500) ? "The server could not complete the request."
					: HttpStatusCode.valueOf(status) + " error.";
		};
	}

	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
			String detail) throws IOException {
		request.setAttribute(ANSWERED, slug);
		write(response, problem(status, slug, detail, request.getRequestURI()));
	}

	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		// JSON is UTF-8 by definition (RFC 8259); the type carries no charset, like
		// Spring's.
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/** The problem as JSON text, for writers that are not servlet responses. */
	public String toJson(ProblemDetail problem) {
		return this.json.writeValueAsString(problem);
	}

	/**
	 * The path as a URI even when the client sent something that is not one (a
	 * {@code %00}, a bare {@code |}): then only its safe characters are kept.
	 */
	static URI safeUri(String path) {
		String shortened = (path.length() > MAX_INSTANCE) ? path.substring(0, MAX_INSTANCE) : path;
		try {
			return URI.create(shortened);
		}
		catch (IllegalArgumentException ex) {
			String cleaned = shortened.replaceAll("[^A-Za-z0-9/._~-]", "");
			return URI.create(cleaned.isEmpty() ? "/" : cleaned);
		}
	}

}
