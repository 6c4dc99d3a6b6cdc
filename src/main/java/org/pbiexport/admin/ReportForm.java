package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.List;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportRules;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The report form of the admin pages, as typed: every field is kept as text so that a
 * wrong entry comes back to the admin unchanged, next to its error. It is checked by
 * turning it into the admin API's document and reading that with
 * {@link ReportDocumentReader}, so the form and the API accept exactly the same reports.
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

	private List<PageRow> pages = new ArrayList<>();

	private List<FilterRow> filters = new ArrayList<>();

	static ReportForm blank() {
		ReportForm form = new ReportForm();
		form.pages.add(PageRow.blank());
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
		report.pages().forEach((page) -> form.pages.add(PageRow.of(page)));
		report.filters().forEach((filter) -> form.filters.add(FilterRow.of(filter)));
		return form;
	}

	/** The admin API document this form stands for. */
	ObjectNode toDocument() {
		JsonNodeFactory json = JsonNodeFactory.instance;
		ObjectNode document = json.objectNode();
		document.put("title", this.title.trim());
		document.put("description", this.description.trim());
		document.put("enabled", this.enabled);
		document.put("render_mode", this.renderMode.trim());
		document.put("embed_url", this.embedUrl.trim());
		this.powerbi.addTo(document);
		putText(document, "ready_selector", this.readySelector);
		putNumber(document, "settle_ms", this.settleMs);
		putNumber(document, "timeout_ms", this.timeoutMs);
		putNumber(document, "cache_ttl_s", this.cacheTtlS);
		if (!this.hidePanes.isBlank()) {
			document.put("hide_panes", Boolean.parseBoolean(this.hidePanes));
		}
		putText(document, "filter_param", this.filterParam);
		document.put("allow_boolean_url_filters", this.allowBooleanUrlFilters);
		ArrayNode pageList = document.putArray("pages");
		for (int i = 0; i < this.pages.size(); i++) {
			PageRow page = this.pages.get(i);
			ObjectNode node = pageList.addObject();
			node.put("name", page.name.trim());
			putText(node, "display_name", page.displayName);
			node.put("order", i + 1);
			putNumber(node, "width", page.width);
			putNumber(node, "height", page.height);
		}
		ArrayNode filterList = document.putArray("filters");
		for (FilterRow filter : this.filters) {
			ObjectNode node = filterList.addObject();
			node.put("label", filter.label.trim());
			node.put("table", filter.table.trim());
			node.put("column", filter.column.trim());
			node.put("type", filter.type);
			node.put("multiple", filter.multiple);
			node.put("required", filter.required);
			ArrayNode values = node.putArray("allowed_values");
			filter.values().forEach(values::add);
			List<String> defaults = filter.defaults.stream().filter((value) -> !value.isEmpty()).toList();
			if (filter.multiple) {
				ArrayNode defaultList = node.putArray("default");
				defaults.forEach(defaultList::add);
			}
			else if (!defaults.isEmpty()) {
				node.put("default", defaults.get(0));
			}
		}
		if (this.version != null) {
			document.put("version", this.version);
		}
		return document;
	}

	private static void putText(ObjectNode node, String name, String value) {
		if (value != null && !value.isBlank()) {
			node.put(name, value.trim());
		}
	}

	/** A number when it reads as one, else the text, which the reader then refuses. */
	private static void putNumber(ObjectNode node, String name, String value) {
		if (value == null || value.isBlank()) {
			return;
		}
		try {
			node.put(name, Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			node.put(name, value.trim());
		}
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
			case "add-page" -> this.pages.add(PageRow.blank());
			case "add-filter" -> this.filters.add(new FilterRow());
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

	/** One page row. */
	public static class PageRow {

		private String name = "";

		private String displayName = "";

		private String width = "";

		private String height = "";

		static PageRow blank() {
			PageRow row = new PageRow();
			row.width = String.valueOf(ReportRules.DEFAULT_WIDTH);
			row.height = String.valueOf(ReportRules.DEFAULT_HEIGHT);
			return row;
		}

		/** A page Power BI lists, with the size of the row it replaces, if any. */
		static PageRow fromPowerBi(String name, String displayName, PageRow before) {
			PageRow row = (before != null) ? before : blank();
			row.name = name;
			row.displayName = displayName;
			return row;
		}

		static PageRow of(Page page) {
			PageRow row = new PageRow();
			row.name = page.name();
			row.displayName = page.displayName();
			row.width = String.valueOf(page.width());
			row.height = String.valueOf(page.height());
			return row;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = (name != null) ? name : "";
		}

		public String getDisplayName() {
			return this.displayName;
		}

		public void setDisplayName(String displayName) {
			this.displayName = (displayName != null) ? displayName : "";
		}

		public String getWidth() {
			return this.width;
		}

		public void setWidth(String width) {
			this.width = (width != null) ? width : "";
		}

		public String getHeight() {
			return this.height;
		}

		public void setHeight(String height) {
			this.height = (height != null) ? height : "";
		}

	}

	/**
	 * One filter row. Its allowed values are edited as a list, one value per line; its
	 * default is chosen from them.
	 */
	public static class FilterRow {

		private String label = "";

		private String table = "";

		private String column = "";

		private String type = "text";

		private boolean multiple;

		private boolean required;

		private String allowedValues = "";

		private List<String> defaults = new ArrayList<>();

		static FilterRow of(Filter filter) {
			FilterRow row = new FilterRow();
			row.label = filter.label();
			row.table = filter.table();
			row.column = filter.column();
			row.type = filter.type().wireName();
			row.multiple = filter.multiple();
			row.required = filter.required();
			row.allowedValues = String.join("\n", filter.allowedValues().stream().map(filter.type()::format).toList());
			row.defaults = new ArrayList<>(filter.defaults().stream().map(filter.type()::format).toList());
			return row;
		}

		/** The allowed values as entered: one per non-blank line. */
		public List<String> values() {
			return this.allowedValues.lines()
				.map((line) -> this.type.equals("text") ? line.strip() : line.trim())
				.filter((line) -> !line.isEmpty())
				.toList();
		}

		public String getLabel() {
			return this.label;
		}

		public void setLabel(String label) {
			this.label = (label != null) ? label : "";
		}

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = (table != null) ? table : "";
		}

		public String getColumn() {
			return this.column;
		}

		public void setColumn(String column) {
			this.column = (column != null) ? column : "";
		}

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = (type != null) ? type : "";
		}

		public boolean isMultiple() {
			return this.multiple;
		}

		public void setMultiple(boolean multiple) {
			this.multiple = multiple;
		}

		public boolean isRequired() {
			return this.required;
		}

		public void setRequired(boolean required) {
			this.required = required;
		}

		public String getAllowedValues() {
			return this.allowedValues;
		}

		public void setAllowedValues(String allowedValues) {
			this.allowedValues = (allowedValues != null) ? allowedValues : "";
		}

		public List<String> getDefaults() {
			return this.defaults;
		}

		public void setDefaults(List<String> defaults) {
			this.defaults = (defaults != null) ? new ArrayList<>(defaults) : new ArrayList<>();
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
	void replacePages(List<PageRow> pages) {
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

	public List<PageRow> getPages() {
		return this.pages;
	}

	public void setPages(List<PageRow> pages) {
		this.pages = (pages != null) ? pages : new ArrayList<>();
	}

	public List<FilterRow> getFilters() {
		return this.filters;
	}

	public void setFilters(List<FilterRow> filters) {
		this.filters = (filters != null) ? filters : new ArrayList<>();
	}

}
