package org.pbiexport.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * Names a field error after the query parameter the client sent. Errors keep the field
 * names of docs/contract.md ({@code filters.Year}, the JSON body's path) whatever way the
 * request came; a request made of query parameters
 * ({@code GET /api/export?filter.Year=…}) also gets {@code "parameter": "filter.Year"},
 * the name it must change.
 */
final class QueryParameters {

	private static final String FILTERS_FIELD = "filters.";

	private static final String FILTER_PARAMETER = "filter.";

	private QueryParameters() {
	}

	/**
	 * The query parameter behind {@code field} when the request was a query, else
	 * {@code null}. Only the filters' names differ between the two forms: {@code page},
	 * {@code format}, {@code width} … are the same in both, and stay unnamed here.
	 */
	static @Nullable String named(String field, HttpServletRequest request) {
		boolean query = HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
		if (!query || !field.startsWith(FILTERS_FIELD) || field.length() == FILTERS_FIELD.length()) {
			return null;
		}
		return FILTER_PARAMETER + field.substring(FILTERS_FIELD.length());
	}

}
