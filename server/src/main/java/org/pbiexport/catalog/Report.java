package org.pbiexport.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered report with its pages (in order) and filters (in their stored order, which
 * is also the order filters are applied in). {@code version} changes with every save, for
 * optimistic locking and cache keys.
 */
public record Report(ReportId id, String title, String description, String embedUrl, String embedKind,
		String renderMode, RenderSettings settings, boolean enabled, List<Page> pages, List<Filter> filters,
		Instant createdAt, Instant updatedAt, String updatedBy, long version, PowerBiBinding powerbi,
		ReportOptions options) {

	public Report {
		pages = List.copyOf(pages);
		filters = List.copyOf(filters);
		powerbi = (powerbi != null) ? powerbi : PowerBiBinding.NONE;
		options = (options != null) ? options : ReportOptions.DEFAULTS;
	}

	/** A report with the default {@link ReportOptions}. */
	public Report(ReportId id, String title, String description, String embedUrl, String embedKind, String renderMode,
			RenderSettings settings, boolean enabled, List<Page> pages, List<Filter> filters, Instant createdAt,
			Instant updatedAt, String updatedBy, long version, PowerBiBinding powerbi) {
		this(id, title, description, embedUrl, embedKind, renderMode, settings, enabled, pages, filters, createdAt,
				updatedAt, updatedBy, version, powerbi, ReportOptions.DEFAULTS);
	}

	/** A report that names nothing in Power BI besides its address. */
	public Report(ReportId id, String title, String description, String embedUrl, String embedKind, String renderMode,
			RenderSettings settings, boolean enabled, List<Page> pages, List<Filter> filters, Instant createdAt,
			Instant updatedAt, String updatedBy, long version) {
		this(id, title, description, embedUrl, embedKind, renderMode, settings, enabled, pages, filters, createdAt,
				updatedAt, updatedBy, version, PowerBiBinding.NONE);
	}

	/** The filter columns for which people may ask one file per value. */
	public List<String> oneFilePer() {
		return this.options.oneFilePer();
	}

	/**
	 * Whether an {@code embedded} report may keep a warm report session and change
	 * filters in place.
	 */
	public boolean warmSessions() {
		return this.options.warmSessions();
	}

	public Optional<Page> page(String name) {
		return this.pages.stream().filter((page) -> page.name().equals(name)).findFirst();
	}

	public Optional<Filter> filter(String column) {
		return this.filters.stream().filter((filter) -> filter.column().equals(column)).findFirst();
	}

	/** The report's content, as an admin would write it back. */
	public ReportDraft draft() {
		return new ReportDraft(this.title, this.description, this.embedUrl, this.embedKind, this.renderMode,
				this.settings, this.enabled, this.pages, this.filters, this.powerbi, this.options);
	}

}
