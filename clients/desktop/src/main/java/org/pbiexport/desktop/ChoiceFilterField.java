package org.pbiexport.desktop;

import java.util.List;

import javafx.scene.control.ComboBox;
import javafx.util.StringConverter;

import org.pbiexport.client.Filter;

/**
 * One value from the allowed list: a drop-down whose first entry is "(all)" (or "Choose…"
 * for a required filter), dates shown in the user's format.
 */
final class ChoiceFilterField extends FilterField {

	private static final String NONE = "";

	private final ComboBox<String> box;

	ChoiceFilterField(Filter filter) {
		this(filter, new ComboBox<>());
	}

	private ChoiceFilterField(Filter filter, ComboBox<String> box) {
		super(filter, box);
		this.box = box;
		this.box.getItems().add(NONE);
		this.box.getItems().addAll(filter.allowedValues());
		this.box.setConverter(new StringConverter<>() {
			@Override
			public String toString(String value) {
				if (value == null || value.isEmpty()) {
					return filter.required() ? "Choose…" : "(all)";
				}
				return ValueFormat.display(filter.type(), value);
			}

			@Override
			public String fromString(String text) {
				return text;
			}
		});
		String chosen = filter.firstDefault();
		this.box.setValue((chosen != null && filter.allows(chosen)) ? chosen : NONE);
		this.box.setMaxWidth(Double.MAX_VALUE);
	}

	@Override
	List<String> values() {
		String value = this.box.getValue();
		return (value == null || value.isEmpty()) ? List.of() : List.of(value);
	}

}
