package org.pbiexport.catalog;

import java.util.List;

import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * An admin saved a report based on an older version than the one stored: nothing was
 * written.
 */
public class ReportChangedMeanwhile extends ApiProblem {

	public ReportChangedMeanwhile(ReportId id, long expected, long actual) {
		super(HttpStatus.CONFLICT, "report-changed", "Report changed meanwhile",
				"Report " + id + " was saved by someone else since you loaded it (your version " + expected
						+ ", stored version " + actual
						+ "). Nothing was written; reload it and make your change again.",
				List.of());
	}

}
