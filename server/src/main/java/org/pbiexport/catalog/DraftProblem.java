package org.pbiexport.catalog;

import java.util.List;

/**
 * One rule a report draft breaks, named by the admin API document's path of the field
 * ({@code title}, {@code pages[0].width}, {@code filters[1].default},
 * {@code filters[0].allowed_values[3]}), so that every way in (admin API, admin form,
 * filter file, data extract) can show it where its user will look.
 *
 * @param field the document path of the field
 * @param message what is wrong and what is allowed, in words
 * @param allowed the values the field may take, when it takes values from a list; else
 * null
 */
public record DraftProblem(String field, String message, List<Object> allowed) {

	public DraftProblem(String field, String message) {
		this(field, message, null);
	}

}
