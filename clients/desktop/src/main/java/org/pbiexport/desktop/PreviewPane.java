package org.pbiexport.desktop;

import java.io.ByteArrayInputStream;

import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * The preview of a page: the exported PNG scaled to fit, keeping its proportions.
 */
final class PreviewPane {

	private final StackPane root = new StackPane();

	private final ImageView image = new ImageView();

	private final Label empty = new Label("Choose a report and press Preview.");

	PreviewPane() {
		this.image.setId("preview-image");
		this.image.setPreserveRatio(true);
		this.image.setSmooth(true);
		this.root.setId("preview");
		this.root.getStyleClass().add("preview");
		this.root.setMinSize(200, 150);
		this.image.fitWidthProperty().bind(this.root.widthProperty().subtract(20));
		this.image.fitHeightProperty().bind(this.root.heightProperty().subtract(20));
		this.empty.getStyleClass().add("hint");
		this.root.getChildren().addAll(this.empty, this.image);
		this.root.setPrefSize(Region.USE_COMPUTED_SIZE, Region.USE_COMPUTED_SIZE);
	}

	StackPane node() {
		return this.root;
	}

	/**
	 * Shows a PNG.
	 * @param png the file's bytes
	 * @return whether it could be read as an image
	 */
	boolean show(byte[] png) {
		Image picture = new Image(new ByteArrayInputStream(png));
		if (picture.isError()) {
			return false;
		}
		this.image.setImage(picture);
		this.empty.setVisible(false);
		return true;
	}

	void clear() {
		this.image.setImage(null);
		this.empty.setVisible(true);
	}

}
