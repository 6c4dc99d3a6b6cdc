package org.pbiexport.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

import tools.jackson.core.exc.StreamConstraintsException;

/**
 * The one place where failures become RFC 9457 {@code application/problem+json} bodies.
 * Spring MVC's own exceptions (unknown path, wrong method, unreadable body) get the same
 * shape; anything unexpected becomes a 500 that says nothing internal and is logged with
 * an id to find it; a failed render's detail goes in full only to callers the server
 * knows ({@link ProblemDisclosure}); a client that went away while its answer was written
 * is noted at DEBUG, without a stack trace.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

	/** A field error's message longer than this is cut: answers stay small. */
	private static final int MAX_MESSAGE = 1000;

	private final HttpLimits limits;

	private final UploadLimits uploads;

	private final List<ProblemTranslator> translators;

	ProblemResponses(HttpLimits limits, UploadLimits uploads, List<ProblemTranslator> translators) {
		this.limits = limits;
		this.uploads = uploads;
		this.translators = List.copyOf(translators);
	}

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem, HttpServletRequest request) {
		ProblemDisclosure.Shown disclosed = ProblemDisclosure.shown(problem, request);
		ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), disclosed.detail());
		body.setType(problem.type());
		body.setTitle(problem.title());
		body.setInstance(ProblemWriter.safeUri(request.getRequestURI()));
		if (disclosed.incident() != null) {
			body.setProperty("incident", disclosed.incident());
		}
		List<FieldProblem> errors = problem.errors();
		if (!errors.isEmpty()) {
			// A request can be made to have any number of errors; the answer lists the
			// first few, so it is never much larger than the request.
			int shown = Math.min(errors.size(), this.limits.maxErrors());
			body.setProperty("errors",
					errors.subList(0, shown).stream().map((error) -> shortened(error, request)).toList());
			body.setProperty("error_count", errors.size());
			if (shown < errors.size()) {
				body.setDetail(errors.size() + " problems with the request; the first " + shown + " are in errors.");
			}
		}
		ProblemWriter.noteAnswered(request, body.getType());
		HttpHeaders headers = new HttpHeaders();
		problem.headers().forEach((name, value) -> headers.add(name, String.valueOf(value)));
		return ResponseEntity.status(problem.status())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(body);
	}

	private static Map<String, Object> shortened(FieldProblem problem, HttpServletRequest request) {
		Map<String, Object> json = problem.toJson();
		String parameter = QueryParameters.named(problem.field(), request);
		if (parameter != null) {
			json.put("parameter", parameter);
		}
		if (problem.message() != null && problem.message().length() > MAX_MESSAGE) {
			json.put("message", problem.message().substring(0, MAX_MESSAGE) + "…");
		}
		return json;
	}

	/**
	 * An unreadable body: one too large to read to its end (413), JSON beyond Jackson's
	 * read constraints, or not JSON at all (400, saying where it breaks:
	 * {@link UnreadableJson}); never the parser's own words.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLarge) {
				// Cut off while being read: the rest is not read, the connection closed.
				HttpHeaders close = new HttpHeaders();
				close.set(HttpHeaders.CONNECTION, "close");
				return tooLarge(ex, ProblemWriter.detailOf(HttpStatus.CONTENT_TOO_LARGE.value()), close, request);
			}
			if (cause instanceof StreamConstraintsException) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
						"The JSON body nests too deeply or holds a value too long.");
				return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
			}
		}
		if (!(request instanceof ServletWebRequest servlet)) {
			return super.handleHttpMessageNotReadable(ex, headers, status, request);
		}
		ResponseEntity<ProblemDetail> invalid = apiProblem(UnreadableJson.problem(ex), servlet.getRequest());
		return new ResponseEntity<>(invalid.getBody(), invalid.getHeaders(), invalid.getStatusCode());
	}

	/**
	 * An upload larger than the container takes ({@code spring.servlet.multipart.*}),
	 * saying what it takes. The container has stopped reading it and deals with the rest
	 * of the body itself: a {@code Connection: close} here would make it wait for a body
	 * the client may not send before it has the answer.
	 */
	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return tooLarge(ex, this.uploads.detail(contentType(request)), headers, request);
	}

	private ResponseEntity<Object> tooLarge(Exception ex, String detail, HttpHeaders headers, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, detail);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
	}

	private static String contentType(WebRequest request) {
		return request.getHeader(HttpHeaders.CONTENT_TYPE);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
		return apiProblem(ApiProblem.invalid(ex.getName(), "is not a valid value"), request);
	}

	/**
	 * Tomcat could not decode the query or form parameters (invalid percent-encoding or
	 * UTF-8, too many of them): the client's fault; or the body was too large to read
	 * them from (413).
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<?> undecodableParameters(InvalidParameterException ex, HttpServletRequest request) {
		if (UploadLimits.statusOf(ex) == HttpStatus.CONTENT_TOO_LARGE) {
			return tooLarge(ex, this.uploads.detail(request.getContentType()), new HttpHeaders(),
					new ServletWebRequest(request));
		}
		return apiProblem(
				ApiProblem.invalid("query",
						"could not be read: parameters must be percent-encoded UTF-8, at most a thousand of them"),
				request);
	}

	@ExceptionHandler(Exception.class)
	@Nullable ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		for (ProblemTranslator translator : this.translators) {
			Optional<ApiProblem> translated = translator.translate(ex);
			if (translated.isPresent()) {
				return apiProblem(translated.get(), request);
			}
		}
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			// The client went away while the answer was written: nothing to answer, and
			// nothing wrong with the server.
			log.debug("The client went away during {} {}: {}", request.getMethod(), request.getRequestURI(),
					ex.toString());
			return null;
		}
		if (StorageFailures.isRedisFailure(ex)) {
			// Scaled out: Redis carries the queue, job records and files. Back soon.
			log.warn("{} {} failed: Redis is not available: {}", request.getMethod(), request.getRequestURI(),
					ex.toString());
			WriteGuard.refuse(request, response, "The export queue and cache (Redis) are not available right now.");
			return null;
		}
		if (StorageFailures.isStorageFailure(ex)) {
			// The database or the disk failed, not the request: try again later.
			log.warn("{} {} failed for a storage reason: {}", request.getMethod(), request.getRequestURI(),
					ex.toString());
			WriteGuard.refuse(request, response, "The database or the disk is not available right now.");
			return null;
		}
		String incident = UUID.randomUUID().toString();
		log.error("Unexpected failure of {} {} (incident {})", request.getMethod(), request.getRequestURI(), incident,
				ex);
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The server could not complete the request. Incident " + incident + " is in its log.");
		body.setType(URI.create("/problems/internal"));
		body.setTitle("Internal error");
		body.setInstance(URI.create(request.getRequestURI()));
		ProblemWriter.noteAnswered(request, body.getType());
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(body);
	}

	/**
	 * Spring MVC's own exceptions: keep their status and generic detail, give them our
	 * type and instance, and never let an exception message through.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? detail : ProblemDetail.forStatus(statusCode);
		problem.setType(URI.create("/problems/" + ProblemWriter.slugOf(statusCode)));
		if (statusCode.value() == 404) {
			problem.setDetail("No such resource.");
		}
		if (request instanceof ServletWebRequest servlet) {
			problem.setInstance(ProblemWriter.safeUri(servlet.getRequest().getRequestURI()));
			ProblemWriter.noteAnswered(servlet.getRequest(), problem.getType());
		}
		HttpHeaders out = new HttpHeaders();
		out.addAll(headers);
		out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return ResponseEntity.status(statusCode).headers(out).body(problem);
	}

}
