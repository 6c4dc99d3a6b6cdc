package org.pbiexport.desktop;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import org.pbiexport.client.Filter;

/**
 * Several values from the allowed list: a checkbox per value, with "Select all" and
 * "Clear"; the defaults come checked.
 */
final class ChecklistFilterField extends FilterField {

	private final VBox box;

	private final List<CheckBox> checks = new ArrayList<>();

	ChecklistFilterField(Filter filter) {
		this(filter, new VBox(4));
	}

	private ChecklistFilterField(Filter filter, VBox box) {
		super(filter, box);
		this.box = box;
		Button all = new Button("Select all");
		all.setId(FilterField.idOf(filter) + "-all");
		all.setOnAction((event) -> this.checks.forEach((check) -> check.setSelected(true)));
		Button clear = new Button("Clear");
		clear.setId(FilterField.idOf(filter) + "-clear");
		clear.setOnAction((event) -> this.checks.forEach((check) -> check.setSelected(false)));
		all.getStyleClass().add("small");
		clear.getStyleClass().add("small");
		VBox list = new VBox(2);
		list.setPadding(new Insets(0, 0, 0, 4));
		for (String value : filter.allowedValues()) {
			CheckBox check = new CheckBox(ValueFormat.display(filter.type(), value));
			check.setUserData(value);
			check.setSelected(filter.defaults().contains(value));
			this.checks.add(check);
			list.getChildren().add(check);
		}
		this.box.getChildren().addAll(list, new HBox(6, all, clear));
	}

	@Override
	List<String> values() {
		List<String> values = new ArrayList<>();
		for (CheckBox check : this.checks) {
			if (check.isSelected()) {
				values.add((String) check.getUserData());
			}
		}
		return values;
	}

}
