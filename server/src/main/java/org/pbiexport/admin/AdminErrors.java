package org.pbiexport.admin;

import jakarta.servlet.http.HttpServletResponse;

import org.pbiexport.catalog.CatalogProblems;
import org.pbiexport.catalog.InvalidDraft;
import org.pbiexport.catalog.InvalidReportId;
import org.pbiexport.catalog.ReportChangedMeanwhile;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.web.ApiProblem;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Problems on the admin pages are shown as a page in words, not as the API's JSON.
 */
@ControllerAdvice(assignableTypes = { ReportPages.class, ReportListPages.class, HistoryPages.class, UserPages.class,
		ApiKeyPages.class, ImportWizard.class, CredentialPages.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminErrors {

	private final AdminTexts texts;

	AdminErrors(AdminTexts texts) {
		this.texts = texts;
	}

	/**
	 * The problem as a page: its title in the page's language by the problem's type (the
	 * API's English title for a type without a text), its detail as it is.
	 */
	@ExceptionHandler(ApiProblem.class)
	String problem(ApiProblem problem, HttpServletResponse response, Model model) {
		response.setStatus(problem.status().value());
		model.addAttribute("status", problem.status().value());
		String type = problem.type().getPath().replaceFirst("^/problems/", "");
		model.addAttribute("error", this.texts.textOr("problem." + type + ".title", problem.title()));
		model.addAttribute("message", problem.getMessage());
		return "error";
	}

	/**
	 * The catalogue's failures: an unknown report, one saved meanwhile, one it refuses
	 * (such as a stored one that no longer meets its rules), or an id that is not one.
	 */
	@ExceptionHandler({ UnknownReport.class, ReportChangedMeanwhile.class, InvalidDraft.class, InvalidReportId.class })
	String catalog(RuntimeException failure, HttpServletResponse response, Model model) {
		return problem(CatalogProblems.problemOf(failure), response, model);
	}

}
