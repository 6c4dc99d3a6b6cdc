package org.pbiexport.desktop;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.VBox;

import org.jspecify.annotations.Nullable;
import org.pbiexport.client.ExportRequest;
import org.pbiexport.client.Filter;
import org.pbiexport.client.Page;
import org.pbiexport.client.Report;

/**
 * The choices of one export: the page (by its display name) and a typed control per
 * filter, each labelled like the widget's fields ("*" for a required filter).
 */
final class ExportForm {

	private final VBox root = new VBox(8);

	private final Label title = new Label();

	private final Label description = new Label();

	private final ComboBox<Page> page = new ComboBox<>();

	private final VBox fields = new VBox(10);

	private final List<FilterField> filters = new ArrayList<>();

	private @Nullable Report report;

	ExportForm() {
		this.title.setId("report-title");
		this.title.getStyleClass().add("heading");
		this.title.setWrapText(true);
		this.description.setWrapText(true);
		this.description.getStyleClass().add("hint");
		this.page.setId("page");
		this.page.setMaxWidth(Double.MAX_VALUE);
		this.page.setButtonCell(pageCell());
		this.page.setCellFactory((view) -> pageCell());
		this.root.getChildren().addAll(this.title, this.description, this.fields);
		this.root.setPadding(new Insets(10));
		clear("Connect to a server, then choose a report.");
	}

	/**
	 * Shows no report.
	 * @param hint what to do next
	 */
	void clear(String hint) {
		this.report = null;
		this.title.setText("No report chosen");
		this.description.setText(hint);
		this.page.getItems().clear();
		this.filters.clear();
		this.fields.getChildren().clear();
	}

	private static ListCell<Page> pageCell() {
		return new ListCell<>() {
			@Override
			protected void updateItem(Page item, boolean empty) {
				super.updateItem(item, empty);
				setText((empty || item == null) ? null : item.displayName());
			}
		};
	}

	VBox node() {
		return this.root;
	}

	/**
	 * Shows a report's pages and filters, the first page and the defaults chosen.
	 * @param report the report
	 * @param pages its pages
	 * @param filters its filters
	 */
	void show(Report report, List<Page> pages, List<Filter> filters) {
		this.report = report;
		this.title.setText(report.title());
		this.description.setText(report.description());
		this.page.getItems().setAll(pages);
		if (!pages.isEmpty()) {
			this.page.setValue(pages.get(0));
		}
		this.filters.clear();
		this.fields.getChildren().clear();
		this.fields.getChildren().add(field("Page", this.page));
		for (Filter filter : filters) {
			FilterField control = FilterField.of(filter);
			this.filters.add(control);
			this.fields.getChildren().add(field(filter.label() + (filter.required() ? " *" : ""), control.node()));
		}
	}

	private static VBox field(String label, javafx.scene.Node control) {
		Label name = new Label(label);
		name.getStyleClass().add("field-label");
		name.setLabelFor(control);
		return new VBox(3, name, control);
	}

	@Nullable Report report() {
		return this.report;
	}

	@Nullable Page page() {
		return this.page.getValue();
	}

	/**
	 * What is missing before an export may be asked for, in words.
	 * @return a message, or {@code null} when the choices are complete
	 */
	@Nullable String missing() {
		List<String> lines = new ArrayList<>();
		for (FilterField field : this.filters) {
			if (field.filter().required() && field.values().isEmpty() && field.filter().defaults().isEmpty()) {
				lines.add("• " + field.filter().label() + ": choose a value.");
			}
		}
		return lines.isEmpty() ? null
				: "Some choices are missing:" + System.lineSeparator() + String.join(System.lineSeparator(), lines);
	}

	/**
	 * The request for the current choices.
	 * @param format {@code png} or {@code pdf}
	 * @param onePage whether to name the chosen page (a PDF of every page names none)
	 * @return the request
	 */
	ExportRequest request(String format, boolean onePage) {
		Report chosen = this.report;
		if (chosen == null) {
			throw new IllegalStateException("No report is chosen.");
		}
		ExportRequest request = ExportRequest.of(chosen.id(), format);
		Page current = this.page.getValue();
		if (onePage && current != null) {
			request = request.page(current.name());
		}
		for (FilterField field : this.filters) {
			for (String value : field.values()) {
				request = request.filter(field.filter().column(), value);
			}
		}
		return request;
	}

	/**
	 * The label people know a request field by: a filter's label for
	 * {@code filters.<column>}, "Page" for pages.
	 * @param path the field's path in a problem
	 * @return its label
	 */
	String fieldLabel(String path) {
		for (FilterField field : this.filters) {
			if (path.equals("filters." + field.filter().column())) {
				return field.filter().label();
			}
		}
		if (path.startsWith("pages") || path.equals("page")) {
			return "Page";
		}
		return path;
	}

}
