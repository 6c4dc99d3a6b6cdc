package org.pbiexport.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.HistoryEntry;
import org.pbiexport.catalog.HistoryFilter;
import org.pbiexport.catalog.InvalidReportId;
import org.pbiexport.catalog.ReportHistory;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.web.DayRange;
import org.pbiexport.web.FilterQuery;
import org.pbiexport.web.PageTexts;
import org.pbiexport.web.Text;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Who changed what, when, from what to what: per report and for all reports, newest
 * first, filtered by report, user and days (GET parameters, kept in the form); the
 * sign-in page.
 */
@Controller
class HistoryPages {

	static final int PAGE_SIZE = 50;

	private final ReportHistory history;

	private final Catalog catalog;

	private final PageTexts texts;

	HistoryPages(ReportHistory history, Catalog catalog, PageTexts texts) {
		this.history = history;
		this.catalog = catalog;
		this.texts = texts;
	}

	@GetMapping({ "/login", "/login/" })
	String login() {
		return "admin/login";
	}

	@GetMapping("/admin/history")
	String all(@RequestParam(name = "report", defaultValue = "") String report,
			@RequestParam(name = "user", defaultValue = "") String user,
			@RequestParam(name = "from", defaultValue = "") String from,
			@RequestParam(name = "to", defaultValue = "") String to,
			@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		Map<String, Text> errors = new LinkedHashMap<>();
		ReportId reportId = null;
		if (!report.isBlank()) {
			try {
				reportId = ReportId.parse("report", report.strip());
			}
			catch (InvalidReportId ex) {
				errors.put("report", Text.of("history.report.invalid", "Choose a report from the list."));
			}
		}
		model.addAttribute("reports", this.catalog.allReports());
		return show(null, new Form(report.strip(), user, from, to), reportId, errors, page, model);
	}

	@GetMapping("/admin/reports/{id}/history")
	String ofReport(@PathVariable("id") String id, @RequestParam(name = "user", defaultValue = "") String user,
			@RequestParam(name = "from", defaultValue = "") String from,
			@RequestParam(name = "to", defaultValue = "") String to,
			@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		ReportId reportId = ReportId.parse("id", id);
		model.addAttribute("report", this.catalog.find(reportId).orElse(null));
		return show(reportId, new Form("", user, from, to), reportId, new LinkedHashMap<>(), page, model);
	}

	/** The filters as typed, kept in the form. */
	record Form(String report, String user, String from, String to) {

		/** The filters as a query string, {@code ?user=…&from=…}, or empty. */
		String query() {
			Map<String, String> fields = new LinkedHashMap<>();
			fields.put("report", this.report);
			fields.put("user", this.user);
			fields.put("from", this.from);
			fields.put("to", this.to);
			return FilterQuery.of(fields);
		}

	}

	private String show(@Nullable ReportId pageOf, Form form, @Nullable ReportId report, Map<String, Text> errors,
			int page, Model model) {
		DayRange days = DayRange.parse(form.from(), form.to(), errors);
		HistoryFilter filter = new HistoryFilter(report, form.user().isBlank() ? null : form.user().strip(),
				days.start(), days.end());
		long total = this.history.count(filter);
		int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
		int current = Math.min(Math.max(page, 1), pages);
		List<HistoryEntry> entries = this.history.find(filter, (current - 1) * PAGE_SIZE, PAGE_SIZE);
		model.addAttribute("reportId", pageOf);
		model.addAttribute("entries", entries);
		model.addAttribute("form", form);
		model.addAttribute("errs", this.texts.all(errors));
		model.addAttribute("query", form.query());
		model.addAttribute("currentPage", current);
		model.addAttribute("pageCount", pages);
		model.addAttribute("total", total);
		return "admin/history";
	}

}
