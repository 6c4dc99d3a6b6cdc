package org.pbiexport.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one home of what a report may be (docs/contract.md): lengths, ranges, pages and the
 * render settings here, filters in {@link FilterRules}. The {@link Catalog} checks every
 * draft it is given against them before writing anything, whoever gives it, so every
 * database stores the same reports; callers check early with {@link #check} to show the
 * problems their own way.
 */
public final class ReportRules {

	public static final int MAX_TITLE = 200;

	public static final int MAX_DESCRIPTION = 2000;

	/** Most characters of a page's or a filter's name, label, table and column. */
	public static final int MAX_NAME = 200;

	public static final int MAX_EMBED_URL = 8000;

	public static final int MAX_READY_SELECTOR = 500;

	public static final int MAX_FILTER_PARAM = 40;

	/** The smallest page, in CSS pixels: for stored pages and export requests alike. */
	public static final int MIN_PAGE_SIZE = 100;

	/** The largest page, in CSS pixels: for stored pages and export requests alike. */
	public static final int MAX_PAGE_SIZE = 10_000;

	public static final int DEFAULT_WIDTH = 1280;

	public static final int DEFAULT_HEIGHT = 720;

	public static final int MAX_PAGE_ORDER = 10_000;

	public static final int MAX_SETTLE_MS = 60_000;

	public static final int MIN_TIMEOUT_MS = 1_000;

	public static final int MAX_TIMEOUT_MS = 600_000;

	public static final int MAX_CACHE_TTL_S = 30 * 24 * 3600;

	private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z$][A-Za-z0-9_$]{0,39}");

	private ReportRules() {
	}

	/** Every rule the draft breaks, in document order; empty when it may be stored. */
	public static List<DraftProblem> check(ReportDraft draft) {
		List<DraftProblem> problems = new ArrayList<>();
		text(draft.title(), "title", MAX_TITLE, true, problems);
		text(draft.description(), "description", MAX_DESCRIPTION, false, problems);
		if (draft.embedUrl() != null && draft.embedUrl().length() > MAX_EMBED_URL) {
			problems.add(new DraftProblem("embed_url",
					"must be at most " + MAX_EMBED_URL + " characters, got " + draft.embedUrl().length()));
		}
		settings(draft.settings(), problems);
		pages(draft.pages(), problems);
		FilterRules.check(draft.filters(), draft.settings(), problems);
		oneFilePer(draft, problems);
		return problems;
	}

	/**
	 * Each "one file per" column must be one of the report's filters, once: it is the
	 * {@code each} the widget offers.
	 */
	private static void oneFilePer(ReportDraft draft, List<DraftProblem> problems) {
		List<String> columns = draft.filters().stream().map(Filter::column).toList();
		Set<String> seen = new HashSet<>();
		List<String> oneFilePer = draft.options().oneFilePer();
		for (int i = 0; i < oneFilePer.size(); i++) {
			String column = oneFilePer.get(i);
			String field = "one_file_per[" + i + "]";
			if (!columns.contains(column)) {
				problems.add(new DraftProblem(field,
						"'" + column + "' is not a filter column of this report; "
								+ (columns.isEmpty() ? "it has no filters"
										: "its filter columns are " + String.join(", ", columns)),
						List.copyOf(columns)));
			}
			else if (!seen.add(column)) {
				problems.add(new DraftProblem(field, "'" + column + "' is listed twice"));
			}
		}
	}

	/**
	 * What one filter breaks by itself, before it is part of a report (whose settings and
	 * other filters it is then checked with): fields are named {@code label},
	 * {@code allowed_values[2]}, {@code default}, ….
	 */
	public static List<DraftProblem> checkFilter(Filter filter) {
		List<DraftProblem> problems = new ArrayList<>();
		FilterRules.one(filter, "", problems);
		return problems;
	}

	/** Throws {@link InvalidDraft} unless the draft may be stored. */
	static void require(ReportDraft draft) {
		List<DraftProblem> problems = check(draft);
		if (!problems.isEmpty()) {
			throw new InvalidDraft(problems);
		}
	}

	private static void settings(RenderSettings settings, List<DraftProblem> problems) {
		text(settings.readySelector(), "ready_selector", MAX_READY_SELECTOR, false, problems);
		range(settings.settleMs(), "settle_ms", 0, MAX_SETTLE_MS, problems);
		range(settings.timeoutMs(), "timeout_ms", MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, problems);
		range(settings.cacheTtlS(), "cache_ttl_s", 0, MAX_CACHE_TTL_S, problems);
		String filterParam = settings.filterParam();
		if (filterParam != null && !filterParam.isEmpty()
				&& text(filterParam, "filter_param", MAX_FILTER_PARAM, false, problems)
				&& !PARAMETER_NAME.matcher(filterParam).matches()) {
			problems.add(new DraftProblem("filter_param", "must be a URL parameter name such as filter or $filter"));
		}
	}

	private static void pages(List<Page> pages, List<DraftProblem> problems) {
		if (pages.isEmpty()) {
			problems.add(new DraftProblem("pages", "must list at least one page: {\"name\": <Power BI's internal "
					+ "page name>, \"display_name\": ..., \"width\": ..., \"height\": ...}"));
			return;
		}
		Set<String> names = new HashSet<>();
		for (int i = 0; i < pages.size(); i++) {
			Page page = pages.get(i);
			String path = "pages[" + i + "]";
			if (text(page.name(), path + ".name", MAX_NAME, true, problems) && !page.name().isEmpty()
					&& !names.add(page.name())) {
				problems
					.add(new DraftProblem(path + ".name", "'" + page.name() + "' is already the name of another page"));
			}
			text(page.displayName(), path + ".display_name", MAX_NAME, false, problems);
			range(page.order(), path + ".order", 1, MAX_PAGE_ORDER, problems);
			range(page.width(), path + ".width", MIN_PAGE_SIZE, MAX_PAGE_SIZE, problems);
			range(page.height(), path + ".height", MIN_PAGE_SIZE, MAX_PAGE_SIZE, problems);
		}
	}

	/**
	 * Checks a text's length and, when required, that it is not blank.
	 * @return whether the text is within its length
	 */
	static boolean text(String text, String field, int max, boolean required, List<DraftProblem> problems) {
		String value = (text != null) ? text : "";
		if (required && value.isBlank()) {
			problems.add(new DraftProblem(field, "must not be empty"));
		}
		if (value.length() > max) {
			problems.add(new DraftProblem(field, "must be at most " + max + " characters, got " + value.length()));
			return false;
		}
		return true;
	}

	static void range(Integer value, String field, int min, int max, List<DraftProblem> problems) {
		if (value != null && (value < min || value > max)) {
			problems
				.add(new DraftProblem(field, "must be a whole number from " + min + " to " + max + ", got " + value));
		}
	}

}
