package org.pbiexport.catalog;

/**
 * No report with this id exists (or the caller may not see it). How a caller answers it
 * is the caller's business; {@link CatalogProblems} answers API requests.
 */
public class UnknownReport extends RuntimeException {

	private final ReportId id;

	public UnknownReport(ReportId id) {
		super("There is no report with id " + id + ".", null, false, false);
		this.id = id;
	}

	public ReportId id() {
		return this.id;
	}

}
