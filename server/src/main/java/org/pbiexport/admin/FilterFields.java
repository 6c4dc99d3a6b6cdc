package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.List;

import org.pbiexport.catalog.Filter;

/**
 * One filter row of the report form, as typed. Its allowed values are edited as a list,
 * one value per line; its default is chosen from them.
 */
public class FilterFields {

	private String label = "";

	private String table = "";

	private String column = "";

	private String type = "text";

	private boolean multiple;

	private boolean required;

	/**
	 * Whether people may ask one file per value of this filter ({@code one_file_per}).
	 */
	private boolean oneFilePer;

	private String allowedValues = "";

	private List<String> defaults = new ArrayList<>();

	static FilterFields of(Filter filter, List<String> oneFilePer) {
		FilterFields row = new FilterFields();
		row.label = filter.label();
		row.table = filter.table();
		row.column = filter.column();
		row.type = filter.type().wireName();
		row.multiple = filter.multiple();
		row.required = filter.required();
		row.oneFilePer = oneFilePer.contains(filter.column());
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

	/**
	 * What the default may be chosen from: the allowed values, then any chosen default
	 * that is not among them, so that a default refused beside its field is still shown
	 * chosen after the error rather than silently dropped.
	 */
	public List<String> choices() {
		List<String> choices = new ArrayList<>(values());
		this.defaults.stream()
			.map(String::strip)
			.filter((value) -> !value.isEmpty() && !choices.contains(value))
			.distinct()
			.forEach(choices::add);
		return choices;
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

	public boolean isOneFilePer() {
		return this.oneFilePer;
	}

	public void setOneFilePer(boolean oneFilePer) {
		this.oneFilePer = oneFilePer;
	}

}
