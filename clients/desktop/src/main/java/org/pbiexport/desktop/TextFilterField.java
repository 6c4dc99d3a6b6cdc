package org.pbiexport.desktop;

import java.util.Arrays;
import java.util.List;

import javafx.scene.Node;
import javafx.scene.control.TextField;

import org.pbiexport.client.Filter;

/**
 * A filter without a list of allowed values: typed as text (several values separated by
 * commas when the filter takes several); the server checks the type.
 */
final class TextFilterField implements FilterField {

	private final Filter filter;

	private final TextField field = new TextField();

	TextFilterField(Filter filter) {
		this.filter = filter;
		this.field.setId(FilterField.idOf(filter));
		this.field.setPromptText(prompt(filter));
		this.field.setText(String.join(", ", filter.defaults()));
	}

	private static String prompt(Filter filter) {
		String kind = switch (filter.type()) {
			case "integer" -> "a whole number";
			case "decimal" -> "a number";
			case "date" -> "a date, e.g. 2024-01-31";
			case "datetime" -> "a date and time, e.g. 2024-01-31T12:00:00";
			case "boolean" -> "true or false";
			default -> "a value";
		};
		return filter.multiple() ? kind + "; several separated by commas" : kind;
	}

	@Override
	public Filter filter() {
		return this.filter;
	}

	@Override
	public Node node() {
		return this.field;
	}

	@Override
	public List<String> values() {
		String text = this.field.getText().strip();
		if (text.isEmpty()) {
			return List.of();
		}
		if (!this.filter.multiple()) {
			return List.of(text);
		}
		return Arrays.stream(text.split(",")).map(String::strip).filter((value) -> !value.isEmpty()).toList();
	}

}
