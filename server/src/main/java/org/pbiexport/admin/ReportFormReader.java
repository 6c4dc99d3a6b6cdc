package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportOptions;
import org.pbiexport.catalog.ReportRules;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

/**
 * Makes a draft of the report form as bound by Spring MVC: its texts read as numbers,
 * types and typed values, each that does not read a problem at its field; then the render
 * mode's and the catalogue's rules, as for the admin API's document, so the form and the
 * API accept the same reports and say the same about the others. Problems are named by
 * the admin API's paths; {@link FormErrors} puts them beside the form's fields.
 */
class ReportFormReader {

	private final PowerBiSection powerbi;

	ReportFormReader(EmbedAddresses addresses, Function<String, Optional<Credential>> credentials) {
		this.powerbi = new PowerBiSection(addresses, credentials);
	}

	/**
	 * @throws ApiProblem listing every problem of the form
	 */
	ReportDocumentReader.Read read(ReportForm form) {
		DocumentProblems problems = new DocumentProblems();
		List<FieldProblem> modeProblems = new ArrayList<>();
		PowerBiSection.Read mode = this.powerbi.read(
				new PowerBiInput(form.getRenderMode().trim(), form.getEmbedUrl().trim(), form.getPowerbi().section()),
				modeProblems);
		modeProblems.forEach(problems::add);
		RenderSettings settings = new RenderSettings(given(form.getReadySelector()),
				number("settle_ms", form.getSettleMs(), 0, ReportRules.MAX_SETTLE_MS, problems),
				number("timeout_ms", form.getTimeoutMs(), ReportRules.MIN_TIMEOUT_MS, ReportRules.MAX_TIMEOUT_MS,
						problems),
				number("cache_ttl_s", form.getCacheTtlS(), 0, ReportRules.MAX_CACHE_TTL_S, problems),
				form.getHidePanes().isBlank() ? null : Boolean.parseBoolean(form.getHidePanes().trim()),
				given(form.getFilterParam()), form.isAllowBooleanUrlFilters());
		List<Page> pages = new ArrayList<>();
		for (int i = 0; i < form.getPages().size(); i++) {
			pages.add(page(form.getPages().get(i), i, problems));
		}
		List<Filter> filters = new ArrayList<>();
		for (int i = 0; i < form.getFilters().size(); i++) {
			filters.add(filter(form.getFilters().get(i), i, problems));
		}
		List<String> oneFilePer = new ArrayList<>();
		for (int i = 0; i < filters.size(); i++) {
			if (form.getFilters().get(i).isOneFilePer()) {
				oneFilePer.add(filters.get(i).column());
			}
		}
		ReportDraft draft = new ReportDraft(form.getTitle().trim(), form.getDescription().trim(), mode.embedUrl(),
				mode.embedKind(), mode.renderMode(), settings, form.isEnabled(), pages, filters, mode.binding(),
				new ReportOptions(oneFilePer, form.isWarmSessions()));
		return ReportDocumentReader.read(draft, mode, form.getVersion(), problems);
	}

	private static Page page(PageFields row, int index, DocumentProblems problems) {
		String path = "pages[" + index + "]";
		String name = row.getName().trim();
		String displayName = row.getDisplayName().trim();
		Integer width = number(path + ".width", row.getWidth(), ReportRules.MIN_PAGE_SIZE, ReportRules.MAX_PAGE_SIZE,
				problems);
		Integer height = number(path + ".height", row.getHeight(), ReportRules.MIN_PAGE_SIZE, ReportRules.MAX_PAGE_SIZE,
				problems);
		problems.pageAt(index);
		return new Page(name, displayName.isEmpty() ? name : displayName, index + 1,
				(width != null) ? width : ReportRules.DEFAULT_WIDTH,
				(height != null) ? height : ReportRules.DEFAULT_HEIGHT);
	}

	private static Filter filter(FilterFields row, int index, DocumentProblems problems) {
		String path = "filters[" + index + "]";
		FilterType type = FilterType.fromWireName(row.getType()).orElse(null);
		List<Object> allowed = new ArrayList<>();
		List<Object> defaults = new ArrayList<>();
		List<Integer> indexes = new ArrayList<>();
		if (type == null) {
			problems.add(path + ".type", row.getType().isBlank() ? "must not be empty"
					: "must be one of " + FilterType.wireNames() + ", got '" + row.getType().trim() + "'");
			problems.leaveToDocument(path + ".allowed_values", path + ".default");
		}
		else {
			List<String> values = row.values();
			for (int j = 0; j < values.size(); j++) {
				Object value = typed(type, values.get(j), path + ".allowed_values[" + j + "]", problems);
				if (value != null) {
					allowed.add(value);
					indexes.add(j);
				}
			}
			List<String> chosen = row.getDefaults().stream().filter((value) -> !value.isEmpty()).toList();
			for (String text : row.isMultiple() ? chosen : chosen.stream().limit(1).toList()) {
				Object value = typed(type, text, path + ".default", problems);
				if (value != null && !defaults.contains(value)) {
					defaults.add(value);
				}
			}
		}
		problems.filterAt(index, indexes);
		return new Filter(row.getLabel().trim(), row.getTable().trim(), row.getColumn().trim(),
				(type != null) ? type : FilterType.TEXT, row.isMultiple(), row.isRequired(), allowed, defaults);
	}

	private static Object typed(FilterType type, String text, String path, DocumentProblems problems) {
		try {
			return type.parse(text);
		}
		catch (IllegalArgumentException ex) {
			problems.add(path, ex.getMessage());
			return null;
		}
	}

	/**
	 * The number typed, null when blank; its range is the catalogue's rule, but text that
	 * is no whole number is refused here with the same words.
	 */
	private static Integer number(String path, String text, int min, int max, DocumentProblems problems) {
		String value = text.trim();
		if (value.isEmpty()) {
			return null;
		}
		try {
			long number = Long.parseLong(value);
			if (number == (int) number) {
				return (int) number;
			}
			problems.add(path, "must be a whole number from " + min + " to " + max + ", got " + number);
		}
		catch (NumberFormatException ex) {
			problems.add(path, "must be a whole number from " + min + " to " + max + ", got \"" + value + "\"");
		}
		return null;
	}

	private static String given(String text) {
		return text.isBlank() ? null : text.trim();
	}

}
