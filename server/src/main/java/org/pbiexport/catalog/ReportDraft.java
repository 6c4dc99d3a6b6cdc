package org.pbiexport.catalog;

import java.util.List;

/**
 * A report as an admin writes it: everything but the identity and bookkeeping. Produced
 * by a validated admin document or import; the catalogue stores it as given.
 */
public record ReportDraft(String title, String description, String embedUrl, String embedKind, String renderMode,
		RenderSettings settings, boolean enabled, List<Page> pages, List<Filter> filters, PowerBiBinding powerbi) {

	public ReportDraft {
		pages = List.copyOf(pages);
		filters = List.copyOf(filters);
		powerbi = (powerbi != null) ? powerbi : PowerBiBinding.NONE;
	}

	/** A report that names nothing in Power BI besides its address. */
	public ReportDraft(String title, String description, String embedUrl, String embedKind, String renderMode,
			RenderSettings settings, boolean enabled, List<Page> pages, List<Filter> filters) {
		this(title, description, embedUrl, embedKind, renderMode, settings, enabled, pages, filters,
				PowerBiBinding.NONE);
	}

	/** The same report with other filters. */
	public ReportDraft withFilters(List<Filter> filters) {
		return new ReportDraft(this.title, this.description, this.embedUrl, this.embedKind, this.renderMode,
				this.settings, this.enabled, this.pages, filters, this.powerbi);
	}

	/** The same report, enabled or disabled. */
	public ReportDraft withEnabled(boolean enabled) {
		return new ReportDraft(this.title, this.description, this.embedUrl, this.embedKind, this.renderMode,
				this.settings, enabled, this.pages, this.filters, this.powerbi);
	}

}
