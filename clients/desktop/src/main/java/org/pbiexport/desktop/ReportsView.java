package org.pbiexport.desktop;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import org.pbiexport.client.Report;

/**
 * The reports the key may see, with a search field that filters them by title.
 */
final class ReportsView {

	private final VBox root = new VBox(6);

	private final TextField search = new TextField();

	private final ObservableList<Report> all = FXCollections.observableArrayList();

	private final FilteredList<Report> shown = new FilteredList<>(this.all);

	private final ListView<Report> list = new ListView<>(this.shown);

	ReportsView(Consumer<Report> chosen) {
		this.search.setId("report-search");
		this.search.setPromptText("Search reports");
		this.search.textProperty().addListener((property, before, text) -> {
			String words = text.strip().toLowerCase(Locale.ROOT);
			this.shown.setPredicate((report) -> report.title().toLowerCase(Locale.ROOT).contains(words));
		});
		this.list.setId("reports");
		this.list.setPlaceholder(new Label("No reports"));
		this.list.setCellFactory((view) -> new ListCell<>() {
			@Override
			protected void updateItem(Report report, boolean empty) {
				super.updateItem(report, empty);
				setText((empty || report == null) ? null : report.title() + "  ·  " + report.pageCount()
						+ (report.pageCount() == 1 ? " page" : " pages"));
			}
		});
		this.list.getSelectionModel().selectedItemProperty().addListener((property, before, report) -> {
			if (report != null) {
				chosen.accept(report);
			}
		});
		VBox.setVgrow(this.list, Priority.ALWAYS);
		Label title = new Label("Reports");
		title.getStyleClass().add("heading");
		this.root.getChildren().addAll(title, this.search, this.list);
		this.root.setPadding(new Insets(10));
		this.root.setPrefWidth(270);
	}

	VBox node() {
		return this.root;
	}

	void show(List<Report> reports) {
		this.search.clear();
		this.all.setAll(reports);
	}

}
