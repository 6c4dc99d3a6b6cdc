package org.pbiexport.cluster;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a worker node serves: health and metrics for its operators, and the pages its own
 * browser renders (the demo report and the Power BI SDK host page). Everything else — the
 * portal, the public and admin APIs — answers 404: a worker is not a web node.
 */
class WorkerPaths extends OncePerRequestFilter {

	private static final List<String> SERVED = List.of("/actuator/health", "/actuator/prometheus", "/demo/",
			"/powerbi/", "/favicon.ico");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (SERVED.stream().anyMatch(path::startsWith)) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
					+ "\"detail\":\"This is a worker node: it renders exports and serves only /actuator/health "
					+ "and /actuator/prometheus. Send requests to a web node.\"}");
	}

}
