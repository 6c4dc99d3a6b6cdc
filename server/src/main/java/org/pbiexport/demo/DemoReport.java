package org.pbiexport.demo;

import java.time.LocalDate;
import java.util.List;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportOptions;

/**
 * The demo report as it is registered: its address in this app, its pages with Power
 * BI-style internal names, and filters on the tables and columns its page understands.
 */
final class DemoReport {

	static final String TITLE = "Sales demo";

	static final String ADDRESS = "/demo/report";

	static final List<Page> PAGES = List.of(new Page("ReportSection1a2b3c4d5e", "Overview", 1, 1280, 720),
			new Page("ReportSection6f7a8b9c0d", "Regions", 2, 1280, 720),
			new Page("e4b9c2a1d7f3086b5c1a", "Details", 3, 1280, 720));

	static final List<String> REGIONS = List.of("North", "South", "East", "West", "Côte d'Azur");

	static final List<Long> YEARS = List.of(2022L, 2023L, 2024L, 2025L);

	private DemoReport() {
	}

	static ReportDraft draft() {
		List<Object> dates = List.of(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 3, 31), LocalDate.of(2024, 6, 30),
				LocalDate.of(2024, 9, 30), LocalDate.of(2024, 12, 31));
		List<Filter> filters = List.of(
				new Filter("Year", "Calendar", "Year", FilterType.INTEGER, false, false, List.copyOf(YEARS),
						List.of(2025L)),
				new Filter("Region", "Geography", "Region", FilterType.TEXT, true, false, List.copyOf(REGIONS),
						List.of("North", "South")),
				new Filter("Month end", "Calendar", "Date", FilterType.DATE, false, false, dates, List.of()));
		return new ReportDraft(TITLE,
				"The built-in demo report: a local page that behaves like a Power BI report, so you can try "
						+ "exports without Power BI access.",
				ADDRESS, "demo", "url", RenderSettings.DEFAULTS, true, PAGES, filters, PowerBiBinding.NONE,
				new ReportOptions(List.of("Region"), true));
	}

}
