package org.pbiexport.audit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.web.DayRange;
import org.pbiexport.web.FilterQuery;
import org.pbiexport.web.PageTexts;
import org.pbiexport.web.Text;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The export log for admins: the newest rows with filters by report, user or key, days
 * and outcome (GET parameters, so a view can be bookmarked), 50 a page, and the same rows
 * as a CSV download, streamed.
 */
@Controller
class ExportLogPages {

	static final int PAGE_SIZE = 50;

	private final ExportLog exportLog;

	private final Catalog catalog;

	private final PageTexts texts;

	ExportLogPages(ExportLog exportLog, Catalog catalog, PageTexts texts) {
		this.exportLog = exportLog;
		this.catalog = catalog;
		this.texts = texts;
	}

	/**
	 * The filters as typed, kept in the form, and the problems of those that are not
	 * valid.
	 */
	record Form(String report, String who, String from, String to, String outcome) {

		String queryString() {
			Map<String, String> fields = new LinkedHashMap<>();
			fields.put("report", this.report);
			fields.put("who", this.who);
			fields.put("from", this.from);
			fields.put("to", this.to);
			fields.put("outcome", this.outcome);
			return FilterQuery.of(fields);
		}

	}

	@GetMapping({ "/admin/exports", "/admin/exports/" })
	String list(@RequestParam(name = "report", defaultValue = "") String report,
			@RequestParam(name = "who", defaultValue = "") String who,
			@RequestParam(name = "from", defaultValue = "") String from,
			@RequestParam(name = "to", defaultValue = "") String to,
			@RequestParam(name = "outcome", defaultValue = "") String outcome,
			@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		Form form = new Form(report, who, from, to, outcome);
		Map<String, Text> errors = new LinkedHashMap<>();
		ExportLogQuery query = query(form, errors);
		long total = this.exportLog.count(query);
		int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
		int current = Math.min(Math.max(page, 1), pages);
		model.addAttribute("entries", this.exportLog.find(query, (current - 1) * PAGE_SIZE, PAGE_SIZE));
		model.addAttribute("form", form);
		model.addAttribute("errs", this.texts.all(errors));
		model.addAttribute("query", form.queryString());
		model.addAttribute("reports", this.catalog.allReports());
		model.addAttribute("outcomes", ExportLogQuery.OUTCOMES);
		model.addAttribute("currentPage", current);
		model.addAttribute("pageCount", pages);
		model.addAttribute("total", total);
		return "admin/exports";
	}

	@GetMapping("/admin/exports.csv")
	void csv(@RequestParam(name = "report", defaultValue = "") String report,
			@RequestParam(name = "who", defaultValue = "") String who,
			@RequestParam(name = "from", defaultValue = "") String from,
			@RequestParam(name = "to", defaultValue = "") String to,
			@RequestParam(name = "outcome", defaultValue = "") String outcome, HttpServletResponse response)
			throws IOException {
		ExportLogQuery query = query(new Form(report, who, from, to, outcome), new LinkedHashMap<>());
		response.setContentType("text/csv;charset=UTF-8");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"export-log.csv\"");
		try (Writer out = response.getWriter()) {
			ExportLogCsv.write(out, (row) -> this.exportLog.each(query, row));
		}
	}

	/** The query of the form's valid fields; each invalid one named in {@code errors}. */
	static ExportLogQuery query(Form form, Map<String, Text> errors) {
		Long report = null;
		if (!form.report().isBlank()) {
			try {
				report = Long.valueOf(form.report().strip());
			}
			catch (NumberFormatException ex) {
				errors.put("report", Text.of("history.report.invalid", "Choose a report from the list."));
			}
		}
		DayRange days = DayRange.parse(form.from(), form.to(), errors);
		String outcome = form.outcome().strip();
		if (!outcome.isEmpty() && !ExportLogQuery.OUTCOMES.contains(outcome)) {
			errors.put("outcome", Text.of("exports.outcome.invalid", "Choose an outcome from the list."));
			outcome = "";
		}
		return new ExportLogQuery(report, form.who().isBlank() ? null : form.who().strip(), days.from(), days.to(),
				outcome.isEmpty() ? null : outcome);
	}

}
