package org.pbiexport.admin;

import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.ReportRules;

/**
 * One page row of the report form, as typed: Power BI's page name, the name people see
 * and the capture size.
 */
public class PageFields {

	private String name = "";

	private String displayName = "";

	private String width = "";

	private String height = "";

	static PageFields blank() {
		PageFields row = new PageFields();
		row.width = String.valueOf(ReportRules.DEFAULT_WIDTH);
		row.height = String.valueOf(ReportRules.DEFAULT_HEIGHT);
		return row;
	}

	/** A page Power BI lists, with the size of the row it replaces, if any. */
	static PageFields fromPowerBi(String name, String displayName, PageFields before) {
		PageFields row = (before != null) ? before : blank();
		row.name = name;
		row.displayName = displayName;
		return row;
	}

	static PageFields of(Page page) {
		PageFields row = new PageFields();
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
