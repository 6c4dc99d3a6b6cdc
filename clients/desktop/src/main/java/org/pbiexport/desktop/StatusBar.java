package org.pbiexport.desktop;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import org.jspecify.annotations.Nullable;

/**
 * The status line: what the app is doing or did last, and for long exports a progress bar
 * with a Cancel button.
 */
final class StatusBar {

	private final HBox root = new HBox(8);

	private final Label text = new Label("Not connected.");

	private final ProgressBar progress = new ProgressBar(0);

	private final Button cancel = new Button("Cancel");

	private @Nullable Runnable onCancel;

	StatusBar() {
		this.text.setId("status");
		this.text.setMaxWidth(Double.MAX_VALUE);
		HBox.setHgrow(this.text, Priority.ALWAYS);
		this.progress.setId("progress");
		this.progress.setPrefWidth(220);
		this.cancel.setId("cancel");
		this.cancel.setOnAction((event) -> {
			Runnable action = this.onCancel;
			if (action != null) {
				action.run();
			}
		});
		this.root.setAlignment(Pos.CENTER_LEFT);
		this.root.setPadding(new Insets(6, 10, 6, 10));
		this.root.getStyleClass().add("status-bar");
		this.root.getChildren().addAll(this.text, this.progress, this.cancel);
		idle(null);
	}

	HBox node() {
		return this.root;
	}

	/**
	 * Shows work under way: an indeterminate bar until {@link #progress(double)} says
	 * more.
	 * @param what what is being done
	 * @param cancel what Cancel does, or {@code null} when the work cannot be cancelled
	 */
	void busy(String what, @Nullable Runnable cancel) {
		this.text.setText(what);
		this.progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
		this.progress.setVisible(true);
		this.onCancel = cancel;
		this.cancel.setVisible(cancel != null);
	}

	void progress(double fraction) {
		this.progress.setProgress(fraction);
	}

	/**
	 * Ends the work shown.
	 * @param result what happened, or {@code null} to keep the text
	 */
	void idle(@Nullable String result) {
		if (result != null) {
			this.text.setText(result);
		}
		this.progress.setVisible(false);
		this.cancel.setVisible(false);
		this.onCancel = null;
	}

	String text() {
		return this.text.getText();
	}

}
