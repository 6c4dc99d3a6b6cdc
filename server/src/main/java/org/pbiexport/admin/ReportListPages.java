package org.pbiexport.admin;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.ReportListing;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin pages' list of reports (search, sort, pages), its bulk actions and deleting a
 * report with confirmation; {@link ReportPages} has the report form.
 */
@Controller
class ReportListPages {

	private static final Logger log = LoggerFactory.getLogger(ReportListPages.class);

	private final Catalog catalog;

	private final AdminTexts texts;

	ReportListPages(Catalog catalog, AdminTexts texts) {
		this.catalog = catalog;
		this.texts = texts;
	}

	@GetMapping({ "/admin", "/admin/" })
	String home() {
		return "redirect:/admin/reports";
	}

	@GetMapping("/admin/reports")
	String list(@RequestParam(name = "q", defaultValue = "") String query,
			@RequestParam(name = "sort", defaultValue = "title") String sort,
			@RequestParam(name = "dir", defaultValue = "asc") String direction,
			@RequestParam(name = "page", defaultValue = "1") String page, Model model) {
		ListState state = new ListState(query, sort, "desc".equals(direction), ListState.number(page));
		List<ReportListing> matching = state.apply(this.catalog.listing());
		int pages = Math.max(1, (matching.size() + ListState.PAGE_SIZE - 1) / ListState.PAGE_SIZE);
		int current = Math.min(state.page(), pages);
		model.addAttribute("state", state);
		model.addAttribute("reports", matching.subList((current - 1) * ListState.PAGE_SIZE,
				Math.min(matching.size(), current * ListState.PAGE_SIZE)));
		model.addAttribute("total", matching.size());
		model.addAttribute("currentPage", current);
		model.addAttribute("pageCount", pages);
		return "admin/reports";
	}

	@GetMapping("/admin/reports/{id}/delete")
	String confirmDelete(@PathVariable("id") String id, @RequestParam(name = "back", defaultValue = "") String back,
			Model model) {
		model.addAttribute("report", report(id));
		model.addAttribute("back", ListState.parse(back).toQuery());
		return "admin/report-delete";
	}

	@PostMapping("/admin/reports/{id}/delete")
	String delete(@PathVariable("id") String id, @RequestParam(name = "back", defaultValue = "") String back,
			Principal user, RedirectAttributes flash) {
		Report report = report(id);
		this.catalog.delete(report.id(), user.getName());
		log.info("{} deleted report {} '{}'", user.getName(), report.id(), report.title());
		flash.addFlashAttribute("message", this.texts.text("reports.flash.deleted", report.title()));
		return "redirect:/admin/reports?" + ListState.parse(back).toQuery();
	}

	@PostMapping("/admin/reports/bulk")
	String confirmBulk(@RequestParam(name = "action", defaultValue = "") String action,
			@RequestParam(name = "ids", required = false) List<Long> ids,
			@RequestParam(name = "back", defaultValue = "") String back, Model model, RedirectAttributes flash) {
		String query = ListState.parse(back).toQuery();
		if (!List.of("enable", "disable", "delete").contains(action)) {
			flash.addFlashAttribute("error", this.texts.text("reports.flash.bulk.action"));
			return "redirect:/admin/reports?" + query;
		}
		List<Report> chosen = (ids != null) ? ids.stream()
			.distinct()
			.map((value) -> this.catalog.find(new ReportId(value)))
			.flatMap(Optional::stream)
			.toList() : List.of();
		if (chosen.isEmpty()) {
			flash.addFlashAttribute("error", this.texts.text("reports.flash.bulk.none"));
			return "redirect:/admin/reports?" + query;
		}
		model.addAttribute("action", action);
		model.addAttribute("reports", chosen);
		model.addAttribute("back", query);
		return "admin/report-bulk";
	}

	@PostMapping("/admin/reports/bulk/apply")
	String applyBulk(@RequestParam(name = "action") String action, @RequestParam(name = "ids") List<Long> ids,
			@RequestParam(name = "back", defaultValue = "") String back, Principal user, RedirectAttributes flash) {
		int done = 0;
		for (Long value : ids.stream().distinct().toList()) {
			Optional<Report> found = this.catalog.find(new ReportId(value));
			if (found.isEmpty()) {
				continue;
			}
			Report report = found.get();
			switch (action) {
				case "delete" -> this.catalog.delete(report.id(), user.getName());
				case "enable", "disable" -> {
					this.catalog.update(report.id(), report.draft().withEnabled(action.equals("enable")),
							report.version(), user.getName());
				}
				default -> throw ApiProblem.invalid("action", "must be enable, disable or delete");
			}
			done++;
		}
		log.info("{} applied '{}' to {} reports", user.getName(), action, done);
		flash.addFlashAttribute("message", this.texts.text(switch (action) {
			case "delete" -> "reports.flash.bulk.delete";
			case "enable" -> "reports.flash.bulk.enable";
			default -> "reports.flash.bulk.disable";
		}, done));
		return "redirect:/admin/reports?" + ListState.parse(back).toQuery();
	}

	private Report report(String id) {
		ReportId reportId = ReportId.parse("id", id);
		return this.catalog.find(reportId).orElseThrow(() -> new UnknownReport(reportId));
	}

}
