package org.pbiexport.desktop;

import java.util.Arrays;
import java.util.List;

import javafx.scene.control.TextField;

import org.pbiexport.client.Filter;

/**
 * A filter without a list of allowed values: typed as text (several values separated by
 * commas when the filter takes several); the server checks the type.
 */
final class TextFilterField extends FilterField {

	private final TextField field;

	TextFilterField(Filter filter) {
		this(filter, new TextField());
	}

	private TextFilterField(Filter filter, TextField field) {
		super(filter, field);
		this.field = field;
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
	List<String> values() {
		String text = this.field.getText().strip();
		if (text.isEmpty()) {
			return List.of();
		}
		if (!filter().multiple()) {
			return List.of(text);
		}
		return Arrays.stream(text.split(",")).map(String::strip).filter((value) -> !value.isEmpty()).toList();
	}

}
