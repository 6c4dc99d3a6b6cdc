package org.pbiexport.export;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * The export failures of docs/contract.md, as problems: 429, 504 and 502; 409 for a
 * report whose registered address may no longer be rendered; 503 for a job a restart
 * interrupted.
 */
final class ExportFailures {

	private ExportFailures() {
	}

	static ApiProblem queueFull(Duration retryAfter) {
		return new Problem(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Export queue full",
				"Too many exports are waiting; try again in " + retryAfter.toSeconds() + " seconds.",
				Map.of("Retry-After", retryAfter.toSeconds()));
	}

	static ApiProblem timedOut(String detail) {
		return new Problem(HttpStatus.GATEWAY_TIMEOUT, "render-timed-out", "Rendering timed out", detail, Map.of());
	}

	static ApiProblem powerBiError(String detail) {
		return new Problem(HttpStatus.BAD_GATEWAY, "report-error", "The report did not render", detail, Map.of());
	}

	static ApiProblem addressNotAllowed(String detail) {
		return new Problem(HttpStatus.CONFLICT, "report-address-not-allowed", "Report address not allowed", detail,
				Map.of());
	}

	/** A job that was running when the app stopped. */
	static ApiProblem interrupted() {
		return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "export-interrupted", "Export interrupted",
				"The service restarted while this export job was running; queue the export again.", Map.of());
	}

	/** A problem as a job's record kept it. */
	static ApiProblem restored(HttpStatus status, String type, String title, String detail) {
		return new Problem(status, type, title, detail, Map.of());
	}

	/** The problem a failed export answers, wherever it is among the causes. */
	static ApiProblem of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ApiProblem problem) {
				return problem;
			}
		}
		return ExportFailures.powerBiError("The export failed.");
	}

	/** A problem as text attributes of a job's record, each name after {@code prefix}. */
	static void keep(ApiProblem problem, String prefix, Map<String, String> attributes) {
		attributes.put(prefix + "status", Integer.toString(problem.status().value()));
		attributes.put(prefix + "type", problem.type().getPath().replaceFirst("^/problems/", ""));
		attributes.put(prefix + "title", problem.title());
		attributes.put(prefix + "detail", problem.getMessage());
	}

	/** A problem that {@link #keep} kept. */
	static ApiProblem restored(Map<String, String> attributes, String prefix) {
		return restored(HttpStatus.valueOf(Integer.parseInt(attributes.get(prefix + "status"))),
				attributes.get(prefix + "type"), attributes.get(prefix + "title"), attributes.get(prefix + "detail"));
	}

	private static final class Problem extends ApiProblem {

		Problem(HttpStatus status, String type, String title, String detail, Map<String, Object> headers) {
			super(status, type, title, detail, List.of(), headers);
		}

	}

}
