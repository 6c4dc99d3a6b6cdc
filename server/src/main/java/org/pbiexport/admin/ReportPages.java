package org.pbiexport.admin;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportChangedMeanwhile;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.export.ReportPreviews;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.powerbi.Credentials;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin pages' report form, with inline pages and filters, and the page previews:
 * request handling only; {@link ReportFormReader} reads the bound form and
 * {@link ReportListPages} has the list.
 */
@Controller
class ReportPages {

	private static final Logger log = LoggerFactory.getLogger(ReportPages.class);

	private final Catalog catalog;

	private final ReportFormReader reader;

	private final ReportPreviews previews;

	private final Credentials credentials;

	private final ReportFormAssist assist;

	private final AdminTexts texts;

	ReportPages(Catalog catalog, EmbedAddresses addresses, ReportPreviews previews, Credentials credentials,
			ReportFormAssist assist, AdminTexts texts) {
		this.catalog = catalog;
		this.reader = new ReportFormReader(addresses, credentials::find);
		this.previews = previews;
		this.credentials = credentials;
		this.assist = assist;
		this.texts = texts;
	}

	@InitBinder("form")
	void formBinding(WebDataBinder binder) {
		binder.setAutoGrowCollectionLimit(1_000);
	}

	@GetMapping("/admin/reports/new")
	String newReport(@RequestParam(name = "back", defaultValue = "") String back, Model model) {
		return form(null, ReportForm.blank(), back, model);
	}

	@GetMapping("/admin/reports/{id}")
	String edit(@PathVariable("id") String id, @RequestParam(name = "back", defaultValue = "") String back,
			Model model) {
		Report report = report(id);
		model.addAttribute("report", report);
		return form(report, ReportForm.of(report), back, model);
	}

	@PostMapping("/admin/reports/new")
	String create(@ModelAttribute("form") ReportForm form, BindingResult binding,
			@RequestParam(name = "op", required = false) String operation,
			@RequestParam(name = "save", defaultValue = "save") String save,
			@RequestParam(name = "back", defaultValue = "") String back, Principal user, Model model,
			RedirectAttributes flash) {
		if (operation != null) {
			operation(form, operation, model);
			return form(null, form, back, model);
		}
		Optional<ReportDocumentReader.Read> read = read(form, binding);
		if (read.isEmpty()) {
			return form(null, form, back, model);
		}
		Report created = this.catalog.create(read.get().draft(), user.getName());
		log.info("{} created report {} '{}'", user.getName(), created.id(), created.title());
		return afterSave(created, save, back, flash, "form.flash.created");
	}

	@PostMapping("/admin/reports/{id}")
	String update(@PathVariable("id") String id, @ModelAttribute("form") ReportForm form, BindingResult binding,
			@RequestParam(name = "op", required = false) String operation,
			@RequestParam(name = "save", defaultValue = "save") String save,
			@RequestParam(name = "overwrite", required = false) Long overwrite,
			@RequestParam(name = "back", defaultValue = "") String back, Principal user, Model model,
			RedirectAttributes flash) {
		Report stored = report(id);
		model.addAttribute("report", stored);
		if (operation != null) {
			operation(form, operation, model);
			return form(stored, form, back, model);
		}
		if (overwrite != null) {
			form.setVersion(overwrite);
		}
		Optional<ReportDocumentReader.Read> read = read(form, binding);
		if (read.isEmpty()) {
			return form(stored, form, back, model);
		}
		try {
			Report updated = this.catalog.update(stored.id(), read.get().draft(), form.getVersion(), user.getName());
			log.info("{} updated report {} '{}' to version {}", user.getName(), updated.id(), updated.title(),
					updated.version());
			return afterSave(updated, save, back, flash, "form.flash.saved");
		}
		catch (ReportChangedMeanwhile ex) {
			Report theirs = this.catalog.find(stored.id()).orElseThrow(() -> new UnknownReport(stored.id()));
			model.addAttribute("report", theirs);
			model.addAttribute("conflict", theirs);
			return form(theirs, form, back, model);
		}
	}

	/** What an embed address or snippet is, shown while it is typed. */
	@PostMapping("/admin/reports/embed-check")
	String embedCheck(@RequestParam(name = "embedUrl", defaultValue = "") String embedUrl, Model model) {
		model.addAttribute("embed", this.assist.embed(embedUrl));
		return "admin/report-form :: embed-kind";
	}

	/**
	 * One page's thumbnail with the default filters, the address rendered, or what went
	 * wrong; loaded by the report page once it is shown.
	 */
	@GetMapping("/admin/reports/{id}/preview/{index}")
	String preview(@PathVariable("id") String id, @PathVariable("index") int index, HttpServletRequest request,
			Model model) {
		Report report = report(id);
		if (index < 0 || index >= report.pages().size()) {
			throw ApiProblem.notFound(this.texts.text("preview.no-page", report.id(), index + 1));
		}
		Page page = report.pages().get(index);
		ReportPreviews.PagePreview rendered = this.previews.render(report, page, request);
		model.addAttribute("page", page);
		model.addAttribute("renderUrl", rendered.renderUrl());
		model.addAttribute("renderUrlText", (rendered.renderUrl() != null)
				? URLDecoder.decode(rendered.renderUrl().replace("+", "%2B"), StandardCharsets.UTF_8) : null);
		model.addAttribute("image", (rendered.png() != null)
				? "data:image/png;base64," + Base64.getEncoder().encodeToString(rendered.png()) : null);
		model.addAttribute("problem", rendered.problem());
		return "admin/report-preview :: preview";
	}

	/** A button that changes the form without saving it. */
	private void operation(ReportForm form, String operation, Model model) {
		if ("powerbi-pages".equals(operation)) {
			this.assist.takePagesFromPowerBi(form, model);
		}
		else {
			form.apply(operation);
		}
	}

	private String form(Report report, ReportForm form, String back, Model model) {
		model.addAttribute("credentials", this.credentials.kinds()
			.entrySet()
			.stream()
			.map((entry) -> Map.of("name", entry.getKey(), "kind", entry.getValue().wireName().replace('_', ' ')))
			.toList());
		model.addAttribute("form", form);
		model.addAttribute("back", ListState.parse(back).toQuery());
		model.addAttribute("types", FilterType.values());
		model.addAttribute("embed", this.assist.embed(form.getEmbedUrl()));
		model.addAttribute("action", (report != null) ? "/admin/reports/" + report.id() : "/admin/reports/new");
		return "admin/report-form";
	}

	private String afterSave(Report report, String save, String back, RedirectAttributes flash, String said) {
		flash.addFlashAttribute("message", this.texts.text(said, report.title()));
		String list = ListState.parse(back).toQuery();
		return switch (save) {
			case "another" -> "redirect:/admin/reports/new?back=" + encode(list);
			case "continue" -> "redirect:/admin/reports/" + report.id() + "?back=" + encode(list);
			default -> "redirect:/admin/reports?" + list;
		};
	}

	/**
	 * Reads the form as the admin API would read its document; puts every problem next to
	 * its field.
	 */
	private Optional<ReportDocumentReader.Read> read(ReportForm form, BindingResult binding) {
		if (binding.hasErrors()) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.reader.read(form));
		}
		catch (ApiProblem ex) {
			List<FieldProblem> problems = ex.errors().isEmpty() ? List.of(new FieldProblem("", ex.getMessage()))
					: ex.errors();
			problems.forEach((problem) -> FormErrors.reject(binding, problem));
			return Optional.empty();
		}
	}

	private Report report(String id) {
		ReportId reportId = ReportId.parse("id", id);
		return this.catalog.find(reportId).orElseThrow(() -> new UnknownReport(reportId));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
