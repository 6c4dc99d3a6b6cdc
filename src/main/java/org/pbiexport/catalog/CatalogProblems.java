package org.pbiexport.catalog;

import java.util.Optional;

import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;
import org.pbiexport.web.ProblemTranslator;

import org.springframework.stereotype.Component;

/**
 * The catalogue's failures as API problems: a draft that breaks its rules is a 400 whose
 * {@code errors} name each field, as docs/contract.md shows.
 */
@Component
class CatalogProblems implements ProblemTranslator {

	@Override
	public Optional<ApiProblem> translate(Throwable failure) {
		if (failure instanceof InvalidDraft invalid) {
			return Optional.of(ApiProblem.invalid(invalid.problems()
				.stream()
				.map((problem) -> new FieldProblem(problem.field(), problem.message(), problem.allowed()))
				.toList()));
		}
		return Optional.empty();
	}

}
