package org.pbiexport.catalog;

import java.util.List;

import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpStatus;

/** No report with this id exists (or the caller may not see it). */
public class UnknownReport extends ApiProblem {

	public UnknownReport(ReportId id) {
		super(HttpStatus.NOT_FOUND, "unknown-report", "Unknown report", "There is no report with id " + id + ".",
				List.of());
	}

}
