package org.pbiexport.catalog;

/**
 * A report id given as text that is not one: the field it came in and what was wrong, in
 * words for the caller. {@link CatalogProblems} makes it a 400 naming the field.
 */
public class InvalidReportId extends IllegalArgumentException {

	private final String field;

	InvalidReportId(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The parameter or field the id came in, e.g. {@code report_id}. */
	public String field() {
		return this.field;
	}

}
