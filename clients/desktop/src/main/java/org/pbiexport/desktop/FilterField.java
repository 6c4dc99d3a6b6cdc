package org.pbiexport.desktop;

import java.util.List;

import javafx.scene.Node;

import org.pbiexport.client.Filter;

/**
 * The control of one filter, typed like the widget's: a checkbox list for several values,
 * a choice list for one allowed value, a text field only when the filter has no list of
 * allowed values.
 */
abstract class FilterField {

	private final Filter filter;

	private final Node node;

	/**
	 * A filter's control, given the id {@code filter-<column>}.
	 * @param filter the filter
	 * @param node its control
	 */
	protected FilterField(Filter filter, Node node) {
		this.filter = filter;
		this.node = node;
		node.setId(idOf(filter));
	}

	/**
	 * @return the filter
	 */
	final Filter filter() {
		return this.filter;
	}

	/**
	 * @return the control, with the id {@code filter-<column>}
	 */
	final Node node() {
		return this.node;
	}

	/**
	 * The chosen values as the request sends them; empty for none.
	 * @return the values
	 */
	abstract List<String> values();

	/**
	 * The control that fits a filter, its default chosen.
	 * @param filter the filter
	 * @return its control
	 */
	static FilterField of(Filter filter) {
		if (filter.allowedValues().isEmpty()) {
			return new TextFilterField(filter);
		}
		return filter.multiple() ? new ChecklistFilterField(filter) : new ChoiceFilterField(filter);
	}

	/**
	 * The id of a filter's control.
	 * @param filter the filter
	 * @return {@code filter-<column>}
	 */
	static String idOf(Filter filter) {
		return "filter-" + filter.column().replaceAll("[^A-Za-z0-9_-]", "_");
	}

}
