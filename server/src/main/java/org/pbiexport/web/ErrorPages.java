package org.pbiexport.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The servlet container's error page ({@code /error}): what Tomcat and Spring answer
 * without a controller of ours (a method not allowed, {@code TRACE}, a body too large
 * before anyone is signed in, a failure in a filter) becomes an RFC 9457 problem like
 * every other error, or the error page in words for a browser that asked for a page
 * outside the API. Replaces Spring Boot's default error controller and its JSON shape.
 */
@Controller
class ErrorPages implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

	/**
	 * A request attribute with the detail to show, set by whoever sent the error (words
	 * for the client, nothing internal).
	 */
	static final String DETAIL = ErrorPages.class.getName() + ".detail";

	private final UploadLimits uploads;

	ErrorPages(UploadLimits uploads) {
		this.uploads = uploads;
	}

	@RequestMapping("${server.error.path:${error.path:/error}}")
	Object error(HttpServletRequest request) {
		Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (failure instanceof Throwable thrown && DisconnectedClientHelper.isClientDisconnectedException(thrown)) {
			log.debug("The client went away during {}: {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
					thrown.toString());
			return ResponseEntity.noContent().build();
		}
		int status = status(request);
		String path = (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) ? uri
				: request.getRequestURI();
		String detail = (request.getAttribute(DETAIL) instanceof String given) ? given
				: (unreadableParameters(request) != null && status == HttpStatus.CONTENT_TOO_LARGE.value())
						? this.uploads.detail(request.getContentType()) : ProblemWriter.detailOf(status);
		if (status >= 500 && status != HttpStatus.SERVICE_UNAVAILABLE.value()) {
			String incident = UUID.randomUUID().toString();
			log.error("Unexpected failure of {} {} (incident {})", request.getMethod(), path, incident,
					request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
			detail = detail + " Incident " + incident + " is in its log.";
		}
		HttpStatusCode code = HttpStatusCode.valueOf(status);
		if (wantsPage(request, path)) {
			Map<String, Object> model = new LinkedHashMap<>();
			model.put("status", status);
			HttpStatus known = HttpStatus.resolve(status);
			model.put("error", (known != null) ? known.getReasonPhrase() : "Error");
			// The page has its own words for "not found".
			model.put("message", (status == HttpStatus.NOT_FOUND.value()) ? null : detail);
			return new ModelAndView("error", model, code);
		}
		ProblemDetail problem = ProblemWriter.problem(code,
				(status >= 500 && status != HttpStatus.SERVICE_UNAVAILABLE.value()) ? "internal"
						: ProblemWriter.slugOf(code),
				detail, path);
		return ResponseEntity.status(code).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * The status of the failed request: a request for {@code /error} itself finds
	 * nothing; parameters Tomcat cannot decode are the client's fault, not a server
	 * failure (400), or were in a body too large to read (413: an upload over the limit
	 * reaches the first filter that asks for a parameter, before anyone is signed in).
	 */
	private static int status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (!(code instanceof Integer status)) {
			return HttpStatus.NOT_FOUND.value();
		}
		InvalidParameterException unreadable = unreadableParameters(request);
		return (unreadable != null) ? UploadLimits.statusOf(unreadable).value() : status;
	}

	private static @Nullable InvalidParameterException unreadableParameters(HttpServletRequest request) {
		for (Throwable failure = (Throwable) request
			.getAttribute(RequestDispatcher.ERROR_EXCEPTION); failure != null; failure = failure.getCause()) {
			if (failure instanceof InvalidParameterException unreadable) {
				return unreadable;
			}
		}
		return null;
	}

	/** A browser asking for a page, not a client of the API, gets the page in words. */
	private static boolean wantsPage(HttpServletRequest request, String path) {
		if (path.startsWith("/api/") || path.startsWith("/export") || path.startsWith("/actuator")) {
			return false;
		}
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept == null) {
			return false;
		}
		try {
			List<MediaType> types = MediaType.parseMediaTypes(accept);
			return types.stream().anyMatch((type) -> !type.isWildcardType() && type.includes(MediaType.TEXT_HTML));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
