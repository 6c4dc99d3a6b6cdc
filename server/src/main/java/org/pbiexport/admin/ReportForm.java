package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.List;

import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.RenderSettings;

/**
 * The report form of the admin pages, as typed: the command object Spring MVC binds the
 * form to. Every field is kept as text so that a wrong entry comes back to the admin
 * unchanged, next to its error; its property paths ({@code pages[0].width},
 * {@code filters[1].label}) are the admin API document's in camel case, so the
 * catalogue's problems land beside their fields. {@link ReportFormReader} makes a draft
 * of it.
 */
public class ReportForm {

	private Long version;

	private String title = "";

	private String description = "";

	private boolean enabled = true;

	private String renderMode = "url";

	private String embedUrl = "";

	private PowerBiFields powerbi = new PowerBiFields();

	private String readySelector = "";

	private String settleMs = "";

	private String timeoutMs = "";

	private String cacheTtlS = "";

	private String hidePanes = "";

	private String filterParam = "";

	private boolean allowBooleanUrlFilters;

	private boolean warmSessions = true;

	private List<PageFields> pages = new ArrayList<>();

	private List<FilterFields> filters = new ArrayList<>();

	static ReportForm blank() {
		ReportForm form = new ReportForm();
		form.pages.add(PageFields.blank());
		return form;
	}

	static ReportForm of(Report report) {
		ReportForm form = new ReportForm();
		RenderSettings settings = report.settings();
		form.version = report.version();
		form.title = report.title();
		form.description = report.description();
		form.enabled = report.enabled();
		form.renderMode = report.renderMode();
		form.embedUrl = report.embedUrl();
		form.powerbi = PowerBiFields.of(report.powerbi());
		form.readySelector = text(settings.readySelector());
		form.settleMs = text(settings.settleMs());
		form.timeoutMs = text(settings.timeoutMs());
		form.cacheTtlS = text(settings.cacheTtlS());
		form.hidePanes = text(settings.hidePanes());
		form.filterParam = text(settings.filterParam());
		form.allowBooleanUrlFilters = settings.allowBooleanUrlFilters();
		report.pages().forEach((page) -> form.pages.add(PageFields.of(page)));
		form.warmSessions = report.warmSessions();
		report.filters().forEach((filter) -> form.filters.add(FilterFields.of(filter, report.oneFilePer())));
		return form;
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : "";
	}

	/**
	 * Applies one of the form's edit buttons: {@code add-page}, {@code remove-page:2},
	 * {@code up-filter:1}, {@code down-page:0}, {@code add-filter} (anything else, such
	 * as {@code refresh}, only redraws the form).
	 */
	void apply(String operation) {
		String[] parts = operation.split(":", 2);
		int index = -1;
		if (parts.length == 2) {
			try {
				index = Integer.parseInt(parts[1]);
			}
			catch (NumberFormatException ex) {
				return;
			}
		}
		switch (parts[0]) {
			case "add-page" -> this.pages.add(PageFields.blank());
			case "add-filter" -> this.filters.add(new FilterFields());
			case "remove-page" -> remove(this.pages, index);
			case "remove-filter" -> remove(this.filters, index);
			case "up-page" -> swap(this.pages, index, index - 1);
			case "down-page" -> swap(this.pages, index, index + 1);
			case "up-filter" -> swap(this.filters, index, index - 1);
			case "down-filter" -> swap(this.filters, index, index + 1);
			default -> {
			}
		}
	}

	private static void remove(List<?> rows, int index) {
		if (index >= 0 && index < rows.size()) {
			rows.remove(index);
		}
	}

	private static <T> void swap(List<T> rows, int from, int to) {
		if (from >= 0 && to >= 0 && from < rows.size() && to < rows.size()) {
			T moved = rows.get(from);
			rows.set(from, rows.get(to));
			rows.set(to, moved);
		}
	}

	public Long getVersion() {
		return this.version;
	}

	public void setVersion(Long version) {
		this.version = version;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = (title != null) ? title : "";
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = (description != null) ? description : "";
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getRenderMode() {
		return this.renderMode;
	}

	public void setRenderMode(String renderMode) {
		this.renderMode = (renderMode != null) ? renderMode : "url";
	}

	public PowerBiFields getPowerbi() {
		return this.powerbi;
	}

	public void setPowerbi(PowerBiFields powerbi) {
		this.powerbi = (powerbi != null) ? powerbi : new PowerBiFields();
	}

	/** Takes the pages Power BI lists, in place of the form's. */
	void replacePages(List<PageFields> pages) {
		this.pages = new ArrayList<>(pages);
	}

	public String getEmbedUrl() {
		return this.embedUrl;
	}

	public void setEmbedUrl(String embedUrl) {
		this.embedUrl = (embedUrl != null) ? embedUrl : "";
	}

	public String getReadySelector() {
		return this.readySelector;
	}

	public void setReadySelector(String readySelector) {
		this.readySelector = (readySelector != null) ? readySelector : "";
	}

	public String getSettleMs() {
		return this.settleMs;
	}

	public void setSettleMs(String settleMs) {
		this.settleMs = (settleMs != null) ? settleMs : "";
	}

	public String getTimeoutMs() {
		return this.timeoutMs;
	}

	public void setTimeoutMs(String timeoutMs) {
		this.timeoutMs = (timeoutMs != null) ? timeoutMs : "";
	}

	public String getCacheTtlS() {
		return this.cacheTtlS;
	}

	public void setCacheTtlS(String cacheTtlS) {
		this.cacheTtlS = (cacheTtlS != null) ? cacheTtlS : "";
	}

	public String getHidePanes() {
		return this.hidePanes;
	}

	public void setHidePanes(String hidePanes) {
		this.hidePanes = (hidePanes != null) ? hidePanes : "";
	}

	public String getFilterParam() {
		return this.filterParam;
	}

	public void setFilterParam(String filterParam) {
		this.filterParam = (filterParam != null) ? filterParam : "";
	}

	public boolean isAllowBooleanUrlFilters() {
		return this.allowBooleanUrlFilters;
	}

	public void setAllowBooleanUrlFilters(boolean allowBooleanUrlFilters) {
		this.allowBooleanUrlFilters = allowBooleanUrlFilters;
	}

	public boolean isWarmSessions() {
		return this.warmSessions;
	}

	public void setWarmSessions(boolean warmSessions) {
		this.warmSessions = warmSessions;
	}

	/**
	 * The filter row of the {@code index}th "one file per" column, as the form lists them
	 * (the checked rows in order); -1 when there is none.
	 */
	int oneFilePerRow(int index) {
		int seen = 0;
		for (int row = 0; row < this.filters.size(); row++) {
			if (this.filters.get(row).isOneFilePer() && seen++ == index) {
				return row;
			}
		}
		return -1;
	}

	public List<PageFields> getPages() {
		return this.pages;
	}

	public void setPages(List<PageFields> pages) {
		this.pages = (pages != null) ? pages : new ArrayList<>();
	}

	public List<FilterFields> getFilters() {
		return this.filters;
	}

	public void setFilters(List<FilterFields> filters) {
		this.filters = (filters != null) ? filters : new ArrayList<>();
	}

}
