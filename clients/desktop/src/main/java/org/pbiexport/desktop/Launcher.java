package org.pbiexport.desktop;

import javafx.application.Application;

/**
 * The runnable jar's main class. JavaFX refuses to start an {@link Application} subclass
 * as the main class from the class path, so this plain class launches it.
 */
public final class Launcher {

	private Launcher() {
	}

	/**
	 * Starts the app.
	 * @param args passed on to JavaFX
	 */
	public static void main(String[] args) {
		Application.launch(DesktopApp.class, args);
	}

}
