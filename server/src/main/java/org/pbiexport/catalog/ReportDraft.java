package org.pbiexport.catalog;

import java.util.List;

/**
 * A report as an admin writes it: everything but the identity and bookkeeping. Produced
 * by a validated admin document or import; the catalogue stores it as given.
 */
public record ReportDraft(String title, String description, String embedUrl, String embedKind, String renderMode,
		RenderSettings settings, boolean enabled, List<Page> pages, List<Filter> filters, PowerBiBinding powerbi,
		ReportOptions options) {

	public ReportDraft {
		pages = List.copyOf(pages);
		filters = List.copyOf(filters);
		powerbi = (powerbi != null) ? powerbi : PowerBiBinding.NONE;
		options = (options != null) ? options : ReportOptions.DEFAULTS;
	}

	/** A report with the default {@link ReportOptions}. */
	public ReportDraft(String title, String description, String embedUrl, String embedKind, String renderMode,
			RenderSettings settings, boolean enabled, List<Page> pages, List<Filter> filters, PowerBiBinding powerbi) {
		this(title, description, embedUrl, embedKind, renderMode, settings, enabled, pages, filters, powerbi,
				ReportOptions.DEFAULTS);
	}

	/** A report that names nothing in Power BI besides its address. */
	public ReportDraft(String title, String description, String embedUrl, String embedKind, String renderMode,
			RenderSettings settings, boolean enabled, List<Page> pages, List<Filter> filters) {
		this(title, description, embedUrl, embedKind, renderMode, settings, enabled, pages, filters,
				PowerBiBinding.NONE);
	}

	/**
	 * The same report with other filters; a "one file per" column that is no longer a
	 * filter is dropped (an import that removes a filter does not fail on it).
	 */
	public ReportDraft withFilters(List<Filter> filters) {
		return new ReportDraft(this.title, this.description, this.embedUrl, this.embedKind, this.renderMode,
				this.settings, this.enabled, this.pages, filters, this.powerbi,
				this.options.keeping(filters.stream().map(Filter::column).toList()));
	}

	/**
	 * This draft as an edit of {@code before}: the "one file per" columns whose filters
	 * the edit removed are dropped rather than refused; a column that was never a filter
	 * stays, for {@link ReportRules} to refuse.
	 */
	public ReportDraft asEditOf(ReportDraft before) {
		return new ReportDraft(this.title, this.description, this.embedUrl, this.embedKind, this.renderMode,
				this.settings, this.enabled, this.pages, this.filters, this.powerbi,
				this.options.afterRemoving(before.filters(), this.filters));
	}

	/** The same report, enabled or disabled. */
	public ReportDraft withEnabled(boolean enabled) {
		return new ReportDraft(this.title, this.description, this.embedUrl, this.embedKind, this.renderMode,
				this.settings, enabled, this.pages, this.filters, this.powerbi, this.options);
	}

}
