package org.pbiexport.catalog;

/**
 * An admin saved a report based on an older version than the one stored: nothing was
 * written. How a caller answers it is the caller's business; {@link CatalogProblems}
 * answers API requests.
 */
public class ReportChangedMeanwhile extends RuntimeException {

	private final ReportId id;

	public ReportChangedMeanwhile(ReportId id, long expected, long actual) {
		super("Report " + id + " was saved by someone else since you loaded it (your version " + expected
				+ ", stored version " + actual + "). Nothing was written; reload it and make your change again.", null,
				false, false);
		this.id = id;
	}

	public ReportId id() {
		return this.id;
	}

}
