package org.pbiexport.desktop;

import java.io.File;
import java.nio.file.Path;

import javafx.stage.FileChooser;
import javafx.stage.Window;

import org.jspecify.annotations.Nullable;

/**
 * Asks with the system's save dialog, starting in the folder saved to last.
 */
public final class FileChooserTarget implements FileTarget {

	private @Nullable File lastFolder;

	@Override
	public @Nullable Path choose(Window owner, String suggestedName, String format) {
		FileChooser chooser = new FileChooser();
		chooser.setTitle("Save " + format.toUpperCase(java.util.Locale.ROOT));
		chooser.setInitialFileName(suggestedName);
		chooser.getExtensionFilters()
			.add(new FileChooser.ExtensionFilter(format.toUpperCase(java.util.Locale.ROOT) + " files", "*." + format));
		if (this.lastFolder != null && this.lastFolder.isDirectory()) {
			chooser.setInitialDirectory(this.lastFolder);
		}
		File file = chooser.showSaveDialog(owner);
		if (file == null) {
			return null;
		}
		this.lastFolder = file.getParentFile();
		return file.toPath();
	}

}
