package org.pbiexport.web;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests that would change stored data with 503 and {@code Retry-After} while a
 * {@link StorageStatus} says the data cannot be stored (the database file is gone or
 * read-only): the client learns the change was not made, instead of a 201 for a change
 * lost at the next restart. Exports, which store nothing, and signing in and out pass.
 * Runs after security, so who may not write at all still hears 401 or 403.
 */
class WriteGuard extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(WriteGuard.class);

	static final long RETRY_AFTER_SECONDS = 30;

	private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final Set<String> NOT_STORING = Set.of("/api/export", "/export", "/api/exports", "/login",
			"/logout");

	private final List<StorageStatus> storage;

	WriteGuard(List<StorageStatus> storage) {
		this.storage = List.copyOf(storage);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String trimmed = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		return READS.contains(request.getMethod()) || NOT_STORING.contains(trimmed)
				|| trimmed.startsWith("/api/exports/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		for (StorageStatus status : this.storage) {
			Optional<String> refused = status.writesRefused();
			if (refused.isPresent()) {
				log.warn("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), refused.get());
				refuse(request, response, "Changes cannot be stored right now (the database is unavailable or "
						+ "read-only); nothing was changed.");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * 503 with {@code Retry-After}, through the error page: a problem for the API, the
	 * error page for a browser's form.
	 */
	static void refuse(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
		request.setAttribute(ErrorPages.DETAIL, why + " Try again in " + RETRY_AFTER_SECONDS + " seconds.");
		response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
	}

}
