package org.pbiexport.catalog;

import java.util.Optional;

import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;
import org.pbiexport.web.ProblemTranslator;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The catalogue's failures as the API problems of docs/contract.md: an unknown report is
 * a 404, a report saved meanwhile a 409, a draft that breaks the rules a 400 whose
 * {@code errors} name each field, a malformed report id a 400 naming its parameter. The
 * failures themselves know nothing of HTTP.
 */
@Component
public class CatalogProblems implements ProblemTranslator {

	@Override
	public Optional<ApiProblem> translate(Throwable failure) {
		return Optional.ofNullable(problemOf(failure));
	}

	/** The problem a catalogue failure stands for; null for any other failure. */
	public static ApiProblem problemOf(Throwable failure) {
		if (failure instanceof UnknownReport unknown) {
			return ApiProblem.of(HttpStatus.NOT_FOUND, "unknown-report", "Unknown report", unknown.getMessage());
		}
		if (failure instanceof ReportChangedMeanwhile changed) {
			return ApiProblem.of(HttpStatus.CONFLICT, "report-changed", "Report changed meanwhile",
					changed.getMessage());
		}
		if (failure instanceof InvalidReportId invalid) {
			return ApiProblem.invalid(invalid.field(), invalid.getMessage());
		}
		if (failure instanceof InvalidDraft invalid) {
			return ApiProblem.invalid(invalid.problems()
				.stream()
				.map((problem) -> new FieldProblem(problem.field(), problem.message(), problem.allowed()))
				.toList());
		}
		return null;
	}

}
