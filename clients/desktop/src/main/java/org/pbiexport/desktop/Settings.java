package org.pbiexport.desktop;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * What the app remembers between runs, in the user's config folder
 * ({@code $XDG_CONFIG_HOME/pbi-export} or {@code ~/.config/pbi-export}): the server's
 * address in {@code desktop.properties}. The API key is kept apart by a {@link KeyStore}.
 */
public final class Settings {

	private static final String FILE = "desktop.properties";

	private final Path folder;

	/**
	 * Settings kept in {@code folder}.
	 * @param folder the app's config folder, created when something is saved
	 */
	public Settings(Path folder) {
		this.folder = folder;
	}

	/**
	 * The settings of the user running the app.
	 * @return settings in the user's config folder
	 */
	public static Settings forUser() {
		return new Settings(userFolder());
	}

	static Path userFolder() {
		String xdg = System.getenv("XDG_CONFIG_HOME");
		Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg)
				: Path.of(System.getProperty("user.home"), ".config");
		return base.resolve("pbi-export");
	}

	/**
	 * @return the app's config folder
	 */
	public Path folder() {
		return this.folder;
	}

	/**
	 * The server last connected to.
	 * @return its address, or {@code null} before the first connection
	 */
	public @Nullable String server() {
		return load().getProperty("server");
	}

	/**
	 * Remembers the server connected to.
	 * @param server its address
	 */
	public void saveServer(String server) {
		Properties properties = load();
		properties.setProperty("server", server);
		try {
			Files.createDirectories(this.folder);
			try (Writer writer = Files.newBufferedWriter(this.folder.resolve(FILE), StandardCharsets.UTF_8)) {
				properties.store(writer, "pbi-export desktop client");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + this.folder.resolve(FILE), ex);
		}
	}

	private Properties load() {
		Properties properties = new Properties();
		Path file = this.folder.resolve(FILE);
		if (Files.isRegularFile(file)) {
			try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				properties.load(reader);
			}
			catch (IOException ex) {
				// unreadable settings: start as on a first run
			}
		}
		return properties;
	}

}
