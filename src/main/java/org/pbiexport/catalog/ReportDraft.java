package org.pbiexport.catalog;

import java.util.List;

/**
 * A report as an admin writes it: everything but the identity and bookkeeping. Produced
 * by a validated admin document or import; the catalogue stores it as given.
 */
public record ReportDraft(String title, String description, String embedUrl, String embedKind, String renderMode,
		RenderSettings settings, boolean enabled, List<Page> pages, List<Filter> filters) {

	public ReportDraft {
		pages = List.copyOf(pages);
		filters = List.copyOf(filters);
	}

	/** The same report, enabled or disabled. */
	public ReportDraft withEnabled(boolean enabled) {
		return new ReportDraft(this.title, this.description, this.embedUrl, this.embedKind, this.renderMode,
				this.settings, enabled, this.pages, this.filters);
	}

}
