package org.pbiexport.web;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;

/**
 * How much of a failed export's detail a caller is told. A render that failed or timed
 * out (502, 504), or a report whose registered address may no longer be rendered (409),
 * is described with the addresses the server rendered, what the page tried to reach and
 * the operator's allowlist: useful to the people who run the server, and a map of the
 * inside to anyone else. So a caller the server knows (a signed-in user, who can read
 * report addresses in the admin pages anyway, or a holder of an API key) gets the full
 * detail; an anonymous caller gets what happened in general words and an incident id, and
 * the full detail is logged under that id.
 */
public final class ProblemDisclosure {

	private static final Logger log = LoggerFactory.getLogger(ProblemDisclosure.class);

	private static final String KEY_HOLDER = ProblemDisclosure.class.getName() + ".keyHolder";

	private ProblemDisclosure() {
	}

	/** Marks the request as made with a valid API key: set by the security module. */
	public static void keyHolder(HttpServletRequest request) {
		request.setAttribute(KEY_HOLDER, Boolean.TRUE);
	}

	/**
	 * The detail to show this request's caller.
	 * @return the problem's own detail and no incident, or general words and the id of
	 * the incident whose full detail was logged
	 */
	public static Shown shown(ApiProblem problem, HttpServletRequest request) {
		String general = general(problem);
		if (general == null || known(request)) {
			return new Shown(problem.getMessage(), null);
		}
		String incident = UUID.randomUUID().toString();
		log.warn("{} {} failed with {} (incident {}): {}", request.getMethod(), request.getRequestURI(),
				problem.status().value(), incident, problem.getMessage());
		return new Shown(general + " Incident " + incident + " is in the server's log with the details.", incident);
	}

	private static boolean known(HttpServletRequest request) {
		return request.getUserPrincipal() != null || request.getAttribute(KEY_HOLDER) != null;
	}

	/** General words for a problem whose detail names internal addresses, else null. */
	private static @Nullable String general(ApiProblem problem) {
		if (problem.status() == HttpStatus.BAD_GATEWAY) {
			return "The report could not be rendered.";
		}
		if (problem.status() == HttpStatus.GATEWAY_TIMEOUT) {
			return "The report did not finish rendering within its time budget.";
		}
		if (problem.status() == HttpStatus.CONFLICT
				&& problem.type().toString().equals("/problems/report-address-not-allowed")) {
			return "This report cannot be exported from its registered address; an administrator must fix "
					+ "the report or the hosts that may be rendered.";
		}
		return null;
	}

	/**
	 * What the caller is told.
	 *
	 * @param detail the problem's detail for this caller
	 * @param incident the id under which the full detail was logged, or null when the
	 * detail is the full one
	 */
	public record Shown(String detail, @Nullable String incident) {
	}

}
