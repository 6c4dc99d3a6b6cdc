package org.pbiexport.web;

import java.util.Map;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * The query string of a list page's filters as typed ({@code ?report=1&from=2026-11-01}),
 * for its pager and download links; fields left empty are left out.
 */
public final class FilterQuery {

	private FilterQuery() {
	}

	/** {@code ?name=value&…} of the fields that are not blank, in order; or empty. */
	public static String of(Map<String, String> fields) {
		UriComponentsBuilder query = UriComponentsBuilder.newInstance();
		fields.forEach((name, value) -> {
			if (!value.isBlank()) {
				query.queryParam(name, value.strip());
			}
		});
		return query.encode().build().toUriString();
	}

}
