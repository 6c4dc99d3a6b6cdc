package org.pbiexport.security;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.pbiexport.web.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request that a page of another site could have made never changes anything. Browsers
 * add cached HTTP Basic credentials to requests by themselves, so a request carrying them
 * skips the CSRF token check; this filter closes that gap: a state-changing request that
 * the browser marks as coming from another site ({@code Sec-Fetch-Site: cross-site} or
 * {@code same-site}) or, from browsers without that header, whose {@code Origin} is not
 * this app's, is refused unless it carries an API key or a Bearer token, which no browser
 * adds on its own. Scripts and curl send neither header and are not affected; the public
 * export paths change nothing and are left to CORS.
 */
class CrossSiteRequests extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(CrossSiteRequests.class);

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final Set<String> OTHER_SITES = Set.of("cross-site", "same-site");

	private final ProblemWriter problems;

	CrossSiteRequests(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return SAFE_METHODS.contains(request.getMethod()) || path.equals("/api/export") || path.equals("/export")
				|| path.equals("/api/exports") || path.startsWith("/api/exports/") || carriesKeyOrToken(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (fromAnotherSite(request)) {
			log.info("Refused a {} of {} from another site (Sec-Fetch-Site {}, Origin {})", request.getMethod(),
					request.getRequestURI(), request.getHeader("Sec-Fetch-Site"),
					request.getHeader(HttpHeaders.ORIGIN));
			this.problems.write(request, response, HttpStatus.FORBIDDEN, "cross-site-request",
					"A page of another site may not change anything here. Scripts send an API key "
							+ "('X-API-Key' or 'Authorization: Bearer'); people use this site's admin pages.");
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean fromAnotherSite(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null) {
			return OTHER_SITES.contains(site.trim());
		}
		try {
			return CorsUtils.isCorsRequest(request);
		}
		catch (IllegalArgumentException ex) {
			// An Origin that is not even an address did not come from this app's pages.
			return true;
		}
	}

	private static boolean carriesKeyOrToken(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return request.getHeader(ApiKeyFilter.HEADER) != null
				|| (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7));
	}

}
