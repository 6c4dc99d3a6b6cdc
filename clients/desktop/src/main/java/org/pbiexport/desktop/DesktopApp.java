package org.pbiexport.desktop;

import java.util.List;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.jspecify.annotations.Nullable;
import org.pbiexport.client.Filter;
import org.pbiexport.client.Page;
import org.pbiexport.client.PbiExportClient;
import org.pbiexport.client.Report;

/**
 * The desktop client's window: the connection bar on top, the reports on the left, the
 * choices and actions of the chosen report, its preview, and the status line.
 */
public class DesktopApp extends Application {

	private final Settings settings;

	private final KeyStore keys;

	private final FileTarget target;

	private final Background background = new Background();

	private final StatusBar status = new StatusBar();

	private final ExportForm form = new ExportForm();

	private final PreviewPane preview = new PreviewPane();

	private final ExportActions actions;

	private final ReportsView reports = new ReportsView(this::choose);

	private @Nullable PbiExportClient client;

	private long loading;

	/**
	 * The app as people start it: settings in their config folder, the key in the keyring
	 * or an owner-only file, files chosen with a save dialog.
	 */
	public DesktopApp() {
		this(Settings.forUser(), null, new FileChooserTarget());
	}

	/**
	 * The app with its settings, key store and file dialog given (tests).
	 * @param settings where the server's address is remembered
	 * @param keys where the key is kept, or {@code null} for the user's keyring or file
	 * @param target asks where to save files
	 */
	public DesktopApp(Settings settings, @Nullable KeyStore keys, FileTarget target) {
		this.settings = settings;
		this.keys = (keys != null) ? keys : KeyStore.forUser(settings.folder());
		this.target = target;
		this.actions = new ExportActions(this.form, this.preview, this.status, this.background, target);
	}

	@Override
	public void start(Stage stage) {
		ConnectView connect = new ConnectView(this.settings, this.keys, this.background, this::connected);
		VBox side = new VBox(this.form.node(), this.actions.node());
		ScrollPane choices = new ScrollPane(side);
		choices.setId("choices");
		choices.setFitToWidth(true);
		choices.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
		choices.setPrefWidth(330);
		choices.setMinWidth(300);
		HBox.setHgrow(this.preview.node(), Priority.ALWAYS);
		HBox center = new HBox(choices, this.preview.node());
		HBox.setMargin(this.preview.node(), new Insets(10));
		BorderPane root = new BorderPane(center, connect.node(), null, this.status.node(), this.reports.node());
		Scene scene = new Scene(root, 1200, 780);
		scene.getStylesheets().add(DesktopApp.class.getResource("app.css").toExternalForm());
		stage.setTitle("pbi-export");
		stage.setScene(scene);
		stage.setMinWidth(900);
		stage.setMinHeight(560);
		stage.setOnHidden((event) -> this.background.shutdown());
		stage.show();
	}

	private void connected(PbiExportClient client, List<Report> reports) {
		this.client = client;
		this.loading++;
		this.form.clear("Choose a report on the left.");
		this.actions.reset();
		this.preview.clear();
		this.actions.connected(client, this.status.node().getScene().getWindow());
		this.reports.show(reports);
		this.status.idle("Connected to " + client.server() + ". Choose a report.");
	}

	private void choose(Report report) {
		PbiExportClient current = this.client;
		if (current == null) {
			return;
		}
		long attempt = ++this.loading;
		this.status.busy("Loading " + report.title() + "…", null);
		this.background.run(Background.task(() -> new Loaded(current.pages(report.id()), current.filters(report.id()))),
				(loaded) -> {
					if (attempt == this.loading) {
						this.preview.clear();
						this.form.show(report, loaded.pages(), loaded.filters());
						this.actions.reportShown(report);
						this.status.idle(report.title() + ": " + loaded.pages().size() + " pages.");
					}
				}, (failure) -> this.status
					.idle(Messages.describe(failure, current.server().toString(), (field) -> field)));
	}

	@Override
	public void stop() {
		this.background.shutdown();
	}

	private record Loaded(List<Page> pages, List<Filter> filters) {
	}

}
