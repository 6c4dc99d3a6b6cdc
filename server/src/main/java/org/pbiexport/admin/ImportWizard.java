package org.pbiexport.admin;

import java.io.IOException;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportChangedMeanwhile;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.imports.DataExtracts;
import org.pbiexport.imports.FilterImports;
import org.pbiexport.imports.ImportedFilters;
import org.pbiexport.imports.SheetFormat;
import org.pbiexport.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The filter import wizard: upload a spreadsheet, see what it would create, change (old →
 * new) and delete and every error by row, then confirm. The uploaded file waits in the
 * admin's session between preview and confirm, so it is read again exactly as previewed;
 * confirming a preview of a report that changed since is refused.
 */
@Controller
class ImportWizard {

	private static final Logger log = LoggerFactory.getLogger(ImportWizard.class);

	private static final String UPLOADS = ImportWizard.class.getName() + ".uploads";

	private final Catalog catalog;

	private final FilterImports imports;

	private final DataExtracts extracts;

	private final AdminTexts texts;

	private final SecureRandom random = new SecureRandom();

	ImportWizard(Catalog catalog, FilterImports imports, DataExtracts extracts, AdminTexts texts) {
		this.catalog = catalog;
		this.imports = imports;
		this.extracts = extracts;
		this.texts = texts;
	}

	/**
	 * A file between its preview and its confirmation: a filter file, or a data extract
	 * with the columns chosen from it ({@code columns} not null).
	 */
	record Upload(ReportId report, String fileName, byte[] content, FilterImports.Mode mode, String defaultTable,
			long version, List<String> columns) {

		Upload with(List<String> chosen, String table, FilterImports.Mode mode) {
			return new Upload(this.report, this.fileName, this.content, mode, table, this.version, List.copyOf(chosen));
		}

	}

	@GetMapping("/admin/reports/{id}/filters/import")
	String start(@PathVariable("id") String id, Model model) {
		model.addAttribute("report", report(id));
		return "admin/import";
	}

	@PostMapping("/admin/reports/{id}/filters/import")
	String preview(@PathVariable("id") String id, @RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(name = "mode", defaultValue = "merge") String mode,
			@RequestParam(name = "default_table", defaultValue = "") String defaultTable, Principal user,
			HttpSession session, Model model) throws IOException {
		Report report = report(id);
		model.addAttribute("report", report);
		if (file == null || file.isEmpty()) {
			model.addAttribute("error", this.texts.text("import.flash.choose-file"));
			return "admin/import";
		}
		if (file.getSize() > FilterImports.MAX_FILE_BYTES) {
			model.addAttribute("error", this.texts.text("import.flash.too-large", FilterImports.MAX_FILE_SIZE));
			return "admin/import";
		}
		Upload upload;
		FilterImports.Preview preview;
		try {
			upload = new Upload(report.id(), file.getOriginalFilename(), file.getBytes(), FilterImports.Mode.of(mode),
					defaultTable.isBlank() ? null : defaultTable.strip(), report.version(), null);
			preview = read(upload, false, user.getName());
		}
		catch (ApiProblem ex) {
			model.addAttribute("error", ex.getMessage());
			return "admin/import";
		}
		String token = remember(session, upload);
		log.info("{} previewed importing {} into report {}: {} rows, {} errors", user.getName(), upload.fileName(),
				report.id(), preview.rows(), preview.errors().size());
		model.addAttribute("preview", preview);
		model.addAttribute("upload", upload);
		model.addAttribute("token", token);
		return "admin/import-preview";
	}

	@PostMapping("/admin/reports/{id}/filters/import/confirm")
	String confirm(@PathVariable("id") String id, @RequestParam(name = "token", defaultValue = "") String token,
			Principal user, HttpSession session, Model model, RedirectAttributes flash) {
		Report report = report(id);
		Upload upload = uploads(session).get(token);
		if (upload == null || !upload.report().equals(report.id())) {
			flash.addFlashAttribute("error", this.texts.text("import.flash.expired"));
			return "redirect:/admin/reports/" + report.id() + "/filters/import";
		}
		try {
			FilterImports.Preview applied = read(upload, true, user.getName());
			if (!applied.applied()) {
				model.addAttribute("report", report);
				model.addAttribute("preview", applied);
				model.addAttribute("upload", upload);
				model.addAttribute("token", token);
				return "admin/import-preview";
			}
			uploads(session).remove(token);
			log.info("{} imported {} into report {}: {} created, {} updated, {} deleted", user.getName(),
					upload.fileName(), report.id(), applied.created().size(), applied.updated().size(),
					applied.deleted().size());
			flash.addFlashAttribute("message", this.texts.text("import.flash.imported", upload.fileName(),
					applied.created().size(), applied.updated().size(), applied.deleted().size()));
			return "redirect:/admin/reports/" + report.id();
		}
		catch (ReportChangedMeanwhile ex) {
			uploads(session).remove(token);
			flash.addFlashAttribute("error", this.texts.text("import.flash.changed", report.updatedBy()));
			return "redirect:/admin/reports/" + report.id() + "/filters/import";
		}
	}

	/** A data extract: its columns, to choose those whose values become filters. */
	@PostMapping("/admin/reports/{id}/filters/extract")
	String extractColumns(@PathVariable("id") String id,
			@RequestParam(name = "file", required = false) MultipartFile file, HttpSession session, Model model)
			throws IOException {
		Report report = report(id);
		model.addAttribute("report", report);
		if (file == null || file.isEmpty() || file.getSize() > FilterImports.MAX_FILE_BYTES) {
			model.addAttribute("error", this.texts.text("extract.flash.choose-file", FilterImports.MAX_FILE_SIZE));
			return "admin/import";
		}
		Upload upload = new Upload(report.id(), file.getOriginalFilename(), file.getBytes(), FilterImports.Mode.MERGE,
				null, report.version(), List.of());
		try {
			model.addAttribute("columns", this.extracts.columns(upload.fileName(), upload.content()));
		}
		catch (ApiProblem ex) {
			model.addAttribute("error", ex.getMessage());
			return "admin/import";
		}
		String token = remember(session, upload);
		model.addAttribute("upload", upload);
		model.addAttribute("token", token);
		return "admin/extract-columns";
	}

	/** The filters the chosen columns of a data extract would make, as a preview. */
	@PostMapping("/admin/reports/{id}/filters/extract/preview")
	String extractPreview(@PathVariable("id") String id, @RequestParam(name = "token", defaultValue = "") String token,
			@RequestParam(name = "table", defaultValue = "") String table,
			@RequestParam(name = "mode", defaultValue = "merge") String mode, HttpServletRequest request,
			Principal user, HttpSession session, Model model, RedirectAttributes flash) {
		Report report = report(id);
		// Read raw: Spring would split one chosen column at the commas of its header.
		String[] chosenColumns = request.getParameterValues("columns");
		List<String> columns = (chosenColumns != null) ? List.of(chosenColumns) : List.of();
		Upload upload = uploads(session).get(token);
		if (upload == null || !upload.report().equals(report.id()) || upload.columns() == null) {
			flash.addFlashAttribute("error", this.texts.text("extract.flash.expired"));
			return "redirect:/admin/reports/" + report.id() + "/filters/import";
		}
		model.addAttribute("report", report);
		model.addAttribute("upload", upload);
		model.addAttribute("token", token);
		if (columns.isEmpty() || table.isBlank()) {
			model.addAttribute("error", this.texts.text("extract.flash.choose-columns"));
			model.addAttribute("columns", this.extracts.columns(upload.fileName(), upload.content()));
			return "admin/extract-columns";
		}
		Upload chosen;
		FilterImports.Preview preview;
		try {
			chosen = upload.with(columns, table.strip(), FilterImports.Mode.of(mode));
			preview = read(chosen, false, user.getName());
		}
		catch (ApiProblem ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("columns", this.extracts.columns(upload.fileName(), upload.content()));
			return "admin/extract-columns";
		}
		uploads(session).put(token, chosen);
		model.addAttribute("upload", chosen);
		model.addAttribute("preview", preview);
		return "admin/import-preview";
	}

	/** Reads the upload again, exactly as it was previewed. */
	private FilterImports.Preview read(Upload upload, boolean apply, String actor) {
		if (upload.columns() != null) {
			Report report = this.catalog.find(upload.report()).orElseThrow(() -> new UnknownReport(upload.report()));
			ImportedFilters filters = this.extracts.filtersFor(report, upload.fileName(), upload.content(),
					upload.columns(), upload.defaultTable());
			return this.imports.importFilters(upload.report(), filters, upload.mode(), upload.version(), apply, actor);
		}
		return this.imports.importFile(upload.report(), upload.fileName(), upload.content(), upload.mode(),
				upload.defaultTable(), upload.version(), apply, actor);
	}

	/** The rows of the previewed file that failed, with an {@code error} column. */
	@PostMapping("/admin/reports/{id}/filters/import/failed-rows")
	ResponseEntity<byte[]> failedRows(@PathVariable("id") String id,
			@RequestParam(name = "token", defaultValue = "") String token, HttpSession session) {
		Report report = report(id);
		Upload upload = uploads(session).get(token);
		if (upload == null || !upload.report().equals(report.id()) || upload.columns() != null) {
			throw ApiProblem.notFound(this.texts.text("import.flash.expired"));
		}
		SheetFormat format = SheetFormat.like(upload.fileName());
		byte[] rows = this.imports.failedRows(report.id(), upload.fileName(), upload.content(), upload.defaultTable(),
				format);
		return format.download("report-" + report.id() + "-failed-rows", rows);
	}

	@GetMapping("/admin/reports/{id}/filters/export")
	ResponseEntity<byte[]> export(@PathVariable("id") String id,
			@RequestParam(name = "format", defaultValue = "xlsx") String format) {
		Report report = report(id);
		SheetFormat sheet = SheetFormat.fromName(format)
			.orElseThrow(() -> ApiProblem.invalid("format", "must be xlsx or csv, got '" + format + "'"));
		return sheet.download("report-" + report.id() + "-filters", this.imports.export(report.id(), sheet));
	}

	@GetMapping("/admin/filters/template.xlsx")
	ResponseEntity<byte[]> template() {
		return SheetFormat.XLSX.download("filters-template", this.imports.template());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Upload> uploads(HttpSession session) {
		Object uploads = session.getAttribute(UPLOADS);
		if (!(uploads instanceof Map<?, ?>)) {
			uploads = new LinkedHashMap<String, Upload>();
			session.setAttribute(UPLOADS, uploads);
		}
		return (Map<String, Upload>) uploads;
	}

	/** Keeps the upload (only the latest one) under a new random token. */
	private String remember(HttpSession session, Upload upload) {
		byte[] token = new byte[16];
		this.random.nextBytes(token);
		String key = HexFormat.of().formatHex(token);
		uploads(session).clear();
		uploads(session).put(key, upload);
		return key;
	}

	private Report report(String id) {
		ReportId reportId = ReportId.parse("id", id);
		return this.catalog.find(reportId).orElseThrow(() -> new UnknownReport(reportId));
	}

}
