package org.pbiexport.catalog;

import java.util.List;

/**
 * A report draft breaks the catalogue's rules ({@link ReportRules}): nothing was written.
 * Every caller, whatever it is, gets the same problems and shows them its own way.
 */
public class InvalidDraft extends RuntimeException {

	private final List<DraftProblem> problems;

	public InvalidDraft(List<DraftProblem> problems) {
		super((problems.size() == 1) ? problems.get(0).field() + ": " + problems.get(0).message()
				: problems.size() + " problems with the report", null, false, false);
		this.problems = List.copyOf(problems);
	}

	public List<DraftProblem> problems() {
		return this.problems;
	}

}
