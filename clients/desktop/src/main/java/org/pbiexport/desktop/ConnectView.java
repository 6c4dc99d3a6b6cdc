package org.pbiexport.desktop;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import org.pbiexport.client.PbiExportClient;
import org.pbiexport.client.Report;

/**
 * The server's address and the API key, remembered for the next run: the address in the
 * settings, the key in the {@link KeyStore}. Connecting reads the reports the key may
 * see.
 */
final class ConnectView {

	static final Duration TIMEOUT = Duration.ofSeconds(120);

	private final HBox root = new HBox(8);

	private final TextField server = new TextField();

	private final PasswordField key = new PasswordField();

	private final Button connect = new Button("Connect");

	private final Label message = new Label();

	private final Settings settings;

	private final KeyStore keys;

	private final Background background;

	private final BiConsumer<PbiExportClient, List<Report>> connected;

	ConnectView(Settings settings, KeyStore keys, Background background,
			BiConsumer<PbiExportClient, List<Report>> connected) {
		this.settings = settings;
		this.keys = keys;
		this.background = background;
		this.connected = connected;
		this.server.setId("server-url");
		this.server.setPromptText("http://localhost:8080");
		this.server.setPrefColumnCount(20);
		this.key.setId("api-key");
		this.key.setPromptText("pbx_…");
		this.key.setPrefColumnCount(14);
		this.connect.setId("connect");
		this.connect.setDefaultButton(true);
		this.connect.setOnAction((event) -> connect());
		this.message.setId("connect-message");
		this.message.setWrapText(true);
		this.message.setMaxWidth(Double.MAX_VALUE);
		HBox.setHgrow(this.message, Priority.ALWAYS);
		this.root.setAlignment(Pos.CENTER_LEFT);
		this.root.setPadding(new Insets(8, 10, 8, 10));
		this.root.getStyleClass().add("connect-bar");
		Label serverLabel = new Label("Server");
		serverLabel.setLabelFor(this.server);
		Label keyLabel = new Label("API key");
		keyLabel.setLabelFor(this.key);
		for (Region fixed : List.of(serverLabel, keyLabel, this.connect, this.server, this.key)) {
			fixed.setMinWidth(Region.USE_PREF_SIZE);
		}
		this.message.setMinWidth(200);
		this.root.getChildren().addAll(serverLabel, this.server, keyLabel, this.key, this.connect, this.message);
		String saved = settings.server();
		if (saved != null) {
			this.server.setText(saved);
			String savedKey = keys.load(saved);
			if (savedKey != null) {
				this.key.setText(savedKey);
			}
		}
	}

	HBox node() {
		return this.root;
	}

	private void connect() {
		String address = this.server.getText().strip().replaceAll("/+$", "");
		String secret = this.key.getText().strip();
		URI uri;
		try {
			uri = URI.create(address);
		}
		catch (IllegalArgumentException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null || !address.matches("(?i)https?://.*")) {
			show("Enter the server's address, e.g. http://localhost:8080.", true);
			return;
		}
		PbiExportClient client = new PbiExportClient(uri, secret.isEmpty() ? null : secret, TIMEOUT);
		this.connect.setDisable(true);
		show("Connecting to " + address + "…", false);
		this.background.run(Background.task(client::reports), (reports) -> {
			this.connect.setDisable(false);
			String kept = remember(address, secret);
			show("Connected: " + reports.size() + (reports.size() == 1 ? " report" : " reports") + kept, false);
			this.connected.accept(client, reports);
		}, (failure) -> {
			this.connect.setDisable(false);
			show(Messages.describe(failure, address, (field) -> field), true);
		});
	}

	private String remember(String address, String secret) {
		try {
			this.settings.saveServer(address);
			if (!secret.isEmpty()) {
				this.keys.save(address, secret);
				return "; key kept in " + this.keys.where() + ".";
			}
			return ".";
		}
		catch (RuntimeException ex) {
			return "; the settings could not be saved: " + ex.getMessage();
		}
	}

	private void show(String text, boolean error) {
		this.message.setText(text);
		this.message.getStyleClass().remove("error");
		if (error) {
			this.message.getStyleClass().add("error");
		}
	}

}
