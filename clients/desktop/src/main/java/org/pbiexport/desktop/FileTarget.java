package org.pbiexport.desktop;

import java.nio.file.Path;

import javafx.stage.Window;

import org.jspecify.annotations.Nullable;

/**
 * Asks where to save a file. The app uses a file dialog; tests answer with a path.
 */
@FunctionalInterface
public interface FileTarget {

	/**
	 * Where to save a file.
	 * @param owner the window asking
	 * @param suggestedName the server's name for the file
	 * @param format {@code png} or {@code pdf}
	 * @return the path, or {@code null} when the person cancelled
	 */
	@Nullable Path choose(Window owner, String suggestedName, String format);

}
