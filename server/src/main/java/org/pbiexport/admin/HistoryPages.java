package org.pbiexport.admin;

import java.util.List;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.HistoryEntry;
import org.pbiexport.catalog.ReportHistory;
import org.pbiexport.catalog.ReportId;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Who changed what, when, from what to what: per report and for all reports, newest
 * first; the sign-in page.
 */
@Controller
class HistoryPages {

	static final int PAGE_SIZE = 50;

	private final ReportHistory history;

	private final Catalog catalog;

	HistoryPages(ReportHistory history, Catalog catalog) {
		this.history = history;
		this.catalog = catalog;
	}

	@GetMapping({ "/login", "/login/" })
	String login() {
		return "admin/login";
	}

	@GetMapping("/admin/history")
	String all(@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		return show(null, page, model);
	}

	@GetMapping("/admin/reports/{id}/history")
	String ofReport(@PathVariable("id") String id, @RequestParam(name = "page", defaultValue = "1") int page,
			Model model) {
		ReportId reportId = ReportId.parse("id", id);
		model.addAttribute("report", this.catalog.find(reportId).orElse(null));
		model.addAttribute("reportId", reportId);
		return show(reportId, page, model);
	}

	private String show(ReportId id, int page, Model model) {
		long total = this.history.count(id);
		int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
		int current = Math.min(Math.max(page, 1), pages);
		int offset = (current - 1) * PAGE_SIZE;
		List<HistoryEntry> entries = (id != null) ? this.history.ofReport(id, offset, PAGE_SIZE)
				: this.history.all(offset, PAGE_SIZE);
		model.addAttribute("entries", entries);
		model.addAttribute("currentPage", current);
		model.addAttribute("pageCount", pages);
		model.addAttribute("total", total);
		return "admin/history";
	}

}
