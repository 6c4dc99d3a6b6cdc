package org.pbiexport.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.pbiexport.web.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Writes 401 and 403 as RFC 9457 problems, like every other API error. */
class SecurityProblems {

	private final ProblemWriter writer;

	SecurityProblems(ProblemWriter writer) {
		this.writer = writer;
	}

	/**
	 * 401. Only clients that are not browsers are invited to send Basic credentials: a
	 * browser would ask for them, remember them and add them to every later request, also
	 * to those another site's page makes it send.
	 */
	void unauthorized(HttpServletRequest request, HttpServletResponse response, Exception cause) throws IOException {
		if (cause instanceof SignInThrottled throttled) {
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
			this.writer.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "sign-in-throttled",
					"Too many failed sign-ins for this account or from this address: wait "
							+ throttled.retryAfterSeconds() + " seconds, then try again.");
			return;
		}
		if (fromBrowser(request)) {
			this.writer.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
					"Sign in on the sign-in page (/login) first. Scripts send a user's credentials "
							+ "(HTTP Basic) or an API key.");
			return;
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pbi-export\"");
		this.writer.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
				"Sign in: send a user's credentials (HTTP Basic), an admin session or an API key.");
	}

	/**
	 * A browser: it sends {@code Sec-Fetch-*} headers, or asks for a page
	 * ({@code Accept: text/html}).
	 */
	static boolean fromBrowser(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return request.getHeader("Sec-Fetch-Mode") != null || request.getHeader("Sec-Fetch-Site") != null
				|| (accept != null && accept.contains("text/html"));
	}

	/**
	 * A session that was ended because its user changed (disabled, another role, a new
	 * password): the API answers 401, the pages send the browser to sign in again.
	 */
	void sessionEnded(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.startsWith("/api/") || path.startsWith("/export")) {
			this.writer.write(request, response, HttpStatus.UNAUTHORIZED, "session-ended",
					"Your session has ended because your account changed; sign in again.");
		}
		else {
			response.sendRedirect(request.getContextPath() + "/login?expired");
		}
	}

	/**
	 * A failed sign-in on the sign-in page: back to it, saying how long to wait when
	 * sign-ins are throttled.
	 */
	void signInFailed(HttpServletRequest request, HttpServletResponse response, Exception cause) throws IOException {
		String query = (cause instanceof SignInThrottled throttled) ? "wait=" + throttled.retryAfterSeconds() : "error";
		response.sendRedirect(request.getContextPath() + "/login?" + query);
	}

	/**
	 * 401 for the protected actuator endpoints: a scraper is told to send the scrape
	 * token, not invited to send Basic credentials.
	 */
	void metricsUnauthorized(HttpServletRequest request, HttpServletResponse response, Exception cause)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pbi-export metrics\"");
		this.writer.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
				"The metrics are for admins and for scrapers with the scrape token "
						+ "(pbi-export.metrics.scrape-token), sent as 'Authorization: Bearer <token>'.");
	}

	void metricsForbidden(HttpServletRequest request, HttpServletResponse response, Exception cause)
			throws IOException {
		this.writer.write(request, response, HttpStatus.FORBIDDEN, "forbidden",
				"The metrics are for admins and for scrapers with the scrape token; your role does not allow it.");
	}

	void forbidden(HttpServletRequest request, HttpServletResponse response, Exception cause) throws IOException {
		this.writer.write(request, response, HttpStatus.FORBIDDEN, "forbidden",
				"You may not do this: your role does not allow it, or the request lacks its CSRF token.");
	}

}
