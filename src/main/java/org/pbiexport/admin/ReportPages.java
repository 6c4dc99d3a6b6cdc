package org.pbiexport.admin;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportChangedMeanwhile;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.ReportListing;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.export.ReportPreviews;
import org.pbiexport.powerbi.AddressRejected;
import org.pbiexport.powerbi.EmbedAddress;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.Credentials;
import org.pbiexport.powerbi.PowerBiClient;
import org.pbiexport.powerbi.PowerBiFailed;
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
 * The admin pages for reports: the list (search, sort, pages, bulk actions), the form
 * with inline pages and filters, delete with confirmation and the page previews.
 */
@Controller
class ReportPages {

	private static final Logger log = LoggerFactory.getLogger(ReportPages.class);

	/** An API error path for one allowed value: {@code filters[1].allowed_values[3]}. */
	private static final Pattern ALLOWED_VALUE = Pattern.compile("(filters\\[\\d+])\\.allowed_values\\[(\\d+)]");

	private final Catalog catalog;

	private final EmbedAddresses addresses;

	private final ReportDocumentReader reader;

	private final ReportPreviews previews;

	private final Credentials credentials;

	private final PowerBiClient powerbi;

	ReportPages(Catalog catalog, EmbedAddresses addresses, ReportPreviews previews, Credentials credentials,
			PowerBiClient powerbi) {
		this.catalog = catalog;
		this.addresses = addresses;
		this.reader = new ReportDocumentReader(addresses, credentials::find);
		this.previews = previews;
		this.credentials = credentials;
		this.powerbi = powerbi;
	}

	@InitBinder("form")
	void formBinding(WebDataBinder binder) {
		binder.setAutoGrowCollectionLimit(1_000);
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
		return afterSave(created, save, back, flash, "Created");
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
			return afterSave(updated, save, back, flash, "Saved");
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
		model.addAttribute("embed", embed(embedUrl));
		return "admin/report-form :: embed-kind";
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
		flash.addFlashAttribute("message", "Deleted “" + report.title() + "” with its pages and filters.");
		return "redirect:/admin/reports?" + ListState.parse(back).toQuery();
	}

	@PostMapping("/admin/reports/bulk")
	String confirmBulk(@RequestParam(name = "action", defaultValue = "") String action,
			@RequestParam(name = "ids", required = false) List<Long> ids,
			@RequestParam(name = "back", defaultValue = "") String back, Model model, RedirectAttributes flash) {
		String query = ListState.parse(back).toQuery();
		if (!List.of("enable", "disable", "delete").contains(action)) {
			flash.addFlashAttribute("error", "Choose what to do with the selected reports: enable, disable or delete.");
			return "redirect:/admin/reports?" + query;
		}
		List<Report> chosen = (ids != null) ? ids.stream()
			.distinct()
			.map((value) -> this.catalog.find(new ReportId(value)))
			.flatMap(Optional::stream)
			.toList() : List.of();
		if (chosen.isEmpty()) {
			flash.addFlashAttribute("error", "Select one or more reports first.");
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
		flash.addFlashAttribute("message", switch (action) {
			case "delete" -> "Deleted ";
			case "enable" -> "Enabled ";
			default -> "Disabled ";
		} + done + ((done == 1) ? " report." : " reports."));
		return "redirect:/admin/reports?" + ListState.parse(back).toQuery();
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
			throw ApiProblem.notFound("Report " + report.id() + " has no page number " + (index + 1) + ".");
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
			takePagesFromPowerBi(form, model);
		}
		else {
			form.apply(operation);
		}
	}

	/**
	 * Puts the pages Power BI lists for the form's report in place of the form's (sizes
	 * of pages that were there already are kept; Power BI's list has none), or says in
	 * words why it could not.
	 */
	private void takePagesFromPowerBi(ReportForm form, Model model) {
		PowerBiFields fields = form.getPowerbi();
		String workspaceId = fields.getWorkspaceId().trim();
		String reportId = fields.getReportId().trim();
		if ((workspaceId.isEmpty() || reportId.isEmpty()) && !form.getEmbedUrl().isBlank()) {
			try {
				EmbedAddress address = this.addresses.classify(form.getEmbedUrl());
				workspaceId = workspaceId.isEmpty() ? String.valueOf(address.groupId()) : workspaceId;
				reportId = reportId.isEmpty() ? String.valueOf(address.reportId()) : reportId;
			}
			catch (AddressRejected ex) {
				// the ids stay missing and are asked for below
			}
		}
		Optional<Credential> principal = this.credentials.find(fields.getCredential().trim())
			.filter((credential) -> credential.kind() == CredentialKind.SERVICE_PRINCIPAL);
		if (workspaceId.isEmpty() || reportId.isEmpty() || principal.isEmpty()) {
			model.addAttribute("pagesProblem", "To read the pages from Power BI, fill in the workspace id and the "
					+ "report id (or paste the secure embed link) and choose a service principal.");
			return;
		}
		try {
			List<PowerBiClient.PowerBiPage> pages = this.powerbi.pages(principal.get(), workspaceId, reportId);
			Map<String, ReportForm.PageRow> known = new LinkedHashMap<>();
			form.getPages().forEach((row) -> known.put(row.getName().trim(), row));
			form.replacePages(pages.stream()
				.sorted(java.util.Comparator.comparingInt(PowerBiClient.PowerBiPage::order))
				.map((page) -> ReportForm.PageRow.fromPowerBi(page.name(), page.displayName(), known.get(page.name())))
				.toList());
			model.addAttribute("pagesNotice", "Took " + pages.size() + ((pages.size() == 1) ? " page" : " pages")
					+ " from Power BI. Check the sizes, then save to keep them.");
		}
		catch (PowerBiFailed ex) {
			model.addAttribute("pagesProblem", "Power BI did not list the pages: " + ex.getMessage());
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
		model.addAttribute("embed", embed(form.getEmbedUrl()));
		model.addAttribute("action", (report != null) ? "/admin/reports/" + report.id() : "/admin/reports/new");
		return "admin/report-form";
	}

	private String afterSave(Report report, String save, String back, RedirectAttributes flash, String verb) {
		flash.addFlashAttribute("message", verb + " “" + report.title() + "”.");
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
			return Optional.of(this.reader.read(form.toDocument()));
		}
		catch (ApiProblem ex) {
			List<FieldProblem> problems = ex.errors().isEmpty() ? List.of(new FieldProblem("", ex.getMessage()))
					: ex.errors();
			problems.forEach((problem) -> reject(binding, problem));
			return Optional.empty();
		}
	}

	/** Maps an API field path ({@code filters[1].allowed_values[3]}) onto the form's. */
	static void reject(BindingResult binding, FieldProblem problem) {
		String path = problem.field();
		String message = problem.message();
		Matcher value = ALLOWED_VALUE.matcher(path);
		if (value.matches()) {
			path = value.group(1) + ".allowedValues";
			message = "line " + (Integer.parseInt(value.group(2)) + 1) + ": " + message;
		}
		else {
			path = path.replace(".default", ".defaults")
				.replace(".order", ".name")
				.replace("powerbi.identity.", "powerbi.identity_");
			path = camelCase(path);
		}
		try {
			binding.rejectValue(path.isEmpty() ? null : path, "invalid", message);
		}
		catch (RuntimeException ex) {
			binding.reject("invalid", problem.field() + ": " + message);
		}
	}

	private static String camelCase(String path) {
		StringBuilder text = new StringBuilder();
		boolean upper = false;
		for (char c : path.toCharArray()) {
			if (c == '_') {
				upper = true;
				continue;
			}
			text.append(upper ? Character.toUpperCase(c) : c);
			upper = false;
		}
		return text.toString();
	}

	/**
	 * What the admin pasted, as the form shows it: the kind and what works for it, or why
	 * not.
	 */
	Map<String, Object> embed(String embedUrl) {
		Map<String, Object> embed = new LinkedHashMap<>();
		if (embedUrl == null || embedUrl.isBlank()) {
			return embed;
		}
		try {
			EmbedAddress address = this.addresses.classify(embedUrl);
			embed.put("kind", address.kind().wireName().replace('_', ' '));
			embed.put("description", address.kind().describe());
			List<String> works = new ArrayList<>();
			works.add(address.kind().supportsUrlFilters() ? "URL filters work" : "URL filters are ignored");
			works.add(address.kind().supportsPageChoice() ? "pages can be chosen" : "pages cannot be chosen");
			works.add(address.kind().needsSignIn() ? "needs a signed-in Power BI account" : "no sign-in needed");
			embed.put("works", works);
			embed.put("url", address.url());
			embed.put("filters", address.kind().supportsUrlFilters());
		}
		catch (AddressRejected ex) {
			embed.put("problem", ex.getMessage());
		}
		return embed;
	}

	private Report report(String id) {
		ReportId reportId = ReportId.parse("id", id);
		return this.catalog.find(reportId).orElseThrow(() -> new UnknownReport(reportId));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
