package org.pbiexport.desktop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import org.jspecify.annotations.Nullable;
import org.pbiexport.client.ExportRequest;
import org.pbiexport.client.ExportedFile;
import org.pbiexport.client.PbiExportClient;
import org.pbiexport.client.Report;

/**
 * Preview, Save PNG and Save PDF, and the server's refusals in words beside them. Every
 * request runs in the background; a PDF of every page runs as an export job whose
 * progress shows in the status line and which Cancel stops.
 */
final class ExportActions {

	private final VBox root = new VBox(8);

	private final Button preview = new Button("Preview");

	private final Button savePng = new Button("Save PNG…");

	private final Button savePdf = new Button("Save PDF…");

	private final Label problem = new Label();

	private final ExportForm form;

	private final PreviewPane previewPane;

	private final StatusBar status;

	private final Background background;

	private final FileTarget target;

	private @Nullable PbiExportClient client;

	private @Nullable Window owner;

	ExportActions(ExportForm form, PreviewPane previewPane, StatusBar status, Background background,
			FileTarget target) {
		this.form = form;
		this.previewPane = previewPane;
		this.status = status;
		this.background = background;
		this.target = target;
		this.preview.setId("preview-button");
		this.preview.getStyleClass().add("primary");
		this.savePng.setId("save-png");
		this.savePdf.setId("save-pdf");
		this.preview.setOnAction((event) -> preview());
		this.savePng.setOnAction((event) -> save("png"));
		this.savePdf.setOnAction((event) -> save("pdf"));
		this.problem.setId("problem");
		this.problem.getStyleClass().add("problem");
		this.problem.setWrapText(true);
		this.problem.setVisible(false);
		this.problem.setManaged(false);
		this.root.setPadding(new Insets(0, 10, 10, 10));
		this.root.getChildren().addAll(new HBox(8, this.preview, this.savePng, this.savePdf), this.problem);
		enable(false);
		reset();
	}

	VBox node() {
		return this.root;
	}

	void connected(PbiExportClient client, Window owner) {
		this.client = client;
		this.owner = owner;
	}

	/**
	 * Hides the actions until a report is shown.
	 */
	void reset() {
		clearProblem();
		this.root.setVisible(false);
	}

	void reportShown(Report report) {
		clearProblem();
		this.root.setVisible(true);
		enable(true);
		this.savePng.setDisable(!report.formats().contains("png"));
		this.savePdf.setDisable(!report.formats().contains("pdf"));
	}

	private void preview() {
		if (!ready()) {
			return;
		}
		ExportRequest request = this.form.request("png", true);
		PbiExportClient connection = connection();
		begin("Rendering the preview…");
		this.background.run(Background.task(() -> connection.export(request)), (file) -> {
			boolean shown = this.previewPane.show(file.bytes());
			finish(shown ? "Preview ready." : "The preview could not be shown.");
		}, this::failed);
	}

	private void save(String format) {
		if (!ready()) {
			return;
		}
		Report report = this.form.report();
		Window window = this.owner;
		if (report == null || window == null) {
			return;
		}
		Path path = this.target.choose(window, suggestedName(report, format), format);
		if (path == null) {
			return;
		}
		boolean pdf = format.equals("pdf");
		ExportRequest request = this.form.request(format, !pdf);
		PbiExportClient connection = connection();
		Task<ExportedFile> task = new Task<>() {
			@Override
			protected ExportedFile call() {
				ExportedFile file = pdf ? connection.exportAsJob(request, (job) -> updateProgress(job.progress(), 1.0),
						this::isCancelled) : connection.export(request);
				write(path, file.bytes());
				return file;
			}
		};
		task.progressProperty().addListener((property, before, now) -> {
			if (now.doubleValue() >= 0) {
				this.status.progress(now.doubleValue());
			}
		});
		String label = format.toUpperCase(Locale.ROOT);
		begin("Preparing the " + label + "…");
		if (pdf) {
			this.status.busy("Preparing the PDF of every page…", () -> task.cancel(true));
		}
		this.background.run(task,
				(file) -> finish("Saved " + path.getFileName() + " (" + sizeInWords(file.bytes().length) + ")."),
				this::failed);
	}

	private static void write(Path path, byte[] bytes) {
		try {
			Files.write(path, bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private boolean ready() {
		String missing = this.form.missing();
		if (missing != null) {
			showProblem(missing);
			return false;
		}
		return this.client != null && this.form.report() != null;
	}

	private PbiExportClient connection() {
		PbiExportClient current = this.client;
		if (current == null) {
			throw new IllegalStateException("Not connected.");
		}
		return current;
	}

	private void begin(String what) {
		clearProblem();
		enable(false);
		this.status.busy(what, null);
	}

	private void finish(String result) {
		enable(true);
		this.status.idle(result);
	}

	private void failed(Throwable failure) {
		String server = (this.client != null) ? this.client.server().toString() : "the server";
		String message = Messages.describe(failure, server, this.form::fieldLabel);
		enable(true);
		List<String> lines = message.lines().toList();
		this.status.idle((lines.size() > 1) ? "Not exported: " + lines.get(1).replaceFirst("^• ", "") : message);
		showProblem(message);
	}

	private void showProblem(String message) {
		this.problem.setText(message);
		this.problem.setVisible(true);
		this.problem.setManaged(true);
	}

	private void clearProblem() {
		this.problem.setText("");
		this.problem.setVisible(false);
		this.problem.setManaged(false);
	}

	private void enable(boolean on) {
		for (Button button : List.of(this.preview, this.savePng, this.savePdf)) {
			button.setDisable(!on);
		}
	}

	static String suggestedName(Report report, String format) {
		String base = report.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
		return (base.isEmpty() ? "report" : base) + "." + format;
	}

	static String sizeInWords(int bytes) {
		return (bytes < 1024) ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
	}

}
