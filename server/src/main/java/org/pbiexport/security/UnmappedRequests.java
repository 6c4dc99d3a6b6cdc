package org.pbiexport.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.server.RequestPath;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * API requests that no controller answers: a path the API does not have, or a method its
 * path does not take. Security lets them through to Spring MVC, which answers 404, or 405
 * with {@code Allow}, as problems (docs/contract.md): asking a client to sign in, or for
 * a CSRF token, would only hide that the request can never succeed. Nothing a controller
 * answers is matched, so every real operation stays as protected as before; admin pages
 * are not matched either, and still send whoever is not signed in to sign in.
 */
final class UnmappedRequests implements RequestMatcher {

	private final ObjectProvider<RequestMappingInfoHandlerMapping> mappings;

	UnmappedRequests(ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
		this.mappings = mappings;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.startsWith("/api/") && !path.equals("/export") && !path.startsWith("/export/")) {
			return false;
		}
		RequestPath parsed = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request) : null;
		ServletRequestPathUtils.parseAndCache(request);
		try {
			return this.mappings.orderedStream().noneMatch((mapping) -> handles(mapping, request));
		}
		finally {
			restore(request, parsed);
		}
	}

	/**
	 * Whether the mapping has a controller for the request's path and method; a request
	 * it refuses for another reason (its content type, its parameters) is still one of
	 * its operations, to be secured as such.
	 */
	private static boolean handles(RequestMappingInfoHandlerMapping mapping, HttpServletRequest request) {
		try {
			return mapping.getHandler(request) != null;
		}
		catch (HttpRequestMethodNotSupportedException ex) {
			return false;
		}
		catch (Exception ex) {
			return true;
		}
	}

	private static void restore(HttpServletRequest request, @Nullable RequestPath parsed) {
		if (parsed != null) {
			request.setAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE, parsed);
		}
		else {
			ServletRequestPathUtils.clearParsedRequestPath(request);
		}
	}

}
