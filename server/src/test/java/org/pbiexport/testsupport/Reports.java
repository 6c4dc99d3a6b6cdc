package org.pbiexport.testsupport;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportOptions;
import org.pbiexport.catalog.ReportSummary;

/**
 * Named builders for test reports:
 * {@code aReport().withPage("Overview").withFilter(year(2022L, 2023L))}.
 */
public final class Reports {

	private String title = "Sales Overview";

	private String embedUrl = "https://app.powerbi.com/reportEmbed?reportId=1f2e3d4c-0000-4000-8000-000000000001&autoAuth=true&ctid=9a8b7c6d-0000-4000-8000-000000000002";

	private String embedKind = "secure_embed";

	private boolean enabled = true;

	private RenderSettings settings = RenderSettings.DEFAULTS;

	private ReportOptions options = ReportOptions.DEFAULTS;

	private final List<Page> pages = new ArrayList<>();

	private final List<Filter> filters = new ArrayList<>();

	private Reports() {
	}

	public static Reports aReport() {
		return new Reports();
	}

	public Reports titled(String title) {
		this.title = title;
		return this;
	}

	public Reports at(String embedUrl, String embedKind) {
		this.embedUrl = embedUrl;
		this.embedKind = embedKind;
		return this;
	}

	public Reports disabled() {
		this.enabled = false;
		return this;
	}

	public Reports with(RenderSettings settings) {
		this.settings = settings;
		return this;
	}

	public Reports withPage(String displayName) {
		int order = this.pages.size() + 1;
		this.pages.add(new Page("ReportSection" + order, displayName, order, 1280, 720));
		return this;
	}

	public Reports with(ReportOptions options) {
		this.options = options;
		return this;
	}

	public Reports withFilter(Filter filter) {
		this.filters.add(filter);
		return this;
	}

	public ReportDraft build() {
		List<Page> pages = this.pages.isEmpty() ? List.of(new Page("ReportSection1", "Overview", 1, 1280, 720))
				: this.pages;
		return new ReportDraft(this.title, "Monthly sales by region", this.embedUrl, this.embedKind, "url",
				this.settings, this.enabled, pages, this.filters, PowerBiBinding.NONE, this.options);
	}

	/** The id of the report with this title, such as the seeded "Sales demo". */
	public static long idOf(Catalog catalog, String title) {
		return catalog.allReports()
			.stream()
			.filter((report) -> report.title().equals(title))
			.map(ReportSummary::id)
			.findFirst()
			.orElseThrow()
			.value();
	}

	/** An integer year filter on Calendar/year, defaulting to the last value. */
	public static Filter year(Long... years) {
		return new Filter("Year", "Calendar", "year", FilterType.INTEGER, false, false, List.of((Object[]) years),
				List.of(years[years.length - 1]));
	}

	/**
	 * A multi-value text region filter on Geography/region, defaulting to the first
	 * value.
	 */
	public static Filter regions(String... regions) {
		return new Filter("Region", "Geography", "region", FilterType.TEXT, true, false, List.of((Object[]) regions),
				List.of(regions[0]));
	}

	/** A required date filter without default. */
	public static Filter dates(LocalDate... dates) {
		return new Filter("Date", "Calendar", "date", FilterType.DATE, false, true, List.of((Object[]) dates),
				List.of());
	}

}
