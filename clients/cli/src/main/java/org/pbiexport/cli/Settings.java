package org.pbiexport.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Where the server is and which API key to send: from the options, the environment
 * ({@code PBI_EXPORT_SERVER}, {@code PBI_EXPORT_API_KEY}) and the config file, in that
 * order. The key is never an argument of its own, which {@code ps} would show; only
 * {@code --api-key-file} names a file holding it.
 *
 * @param server the server's address
 * @param apiKey the key, or {@code null} to send none
 * @param config the config file read or looked for
 */
record Settings(URI server, @Nullable String apiKey, Path config) {

	static final String SERVER_VARIABLE = "PBI_EXPORT_SERVER";

	static final String KEY_VARIABLE = "PBI_EXPORT_API_KEY";

	static final String DEFAULT_SERVER = "http://localhost:8080";

	/**
	 * The settings for one run.
	 * @param options the global options
	 * @param console the environment and home folder
	 * @param warn told each warning, in words
	 * @return the settings
	 * @throws CliException when a named file cannot be read or the address is not one
	 */
	static Settings resolve(Main options, Console console, Consumer<String> warn) {
		Path config = configFile(options.config, console);
		Properties file = new Properties();
		if (Files.isRegularFile(config)) {
			warnIfShared(config, warn);
			try (Reader reader = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
				file.load(reader);
			}
			catch (IOException | IllegalArgumentException ex) {
				throw new CliException(Exit.USAGE, "Cannot read the config file " + config + ": " + ex.getMessage());
			}
		}
		else if (options.config != null) {
			throw new CliException(Exit.USAGE, "The config file " + config + " does not exist.");
		}
		String server = Objects.requireNonNullElse(
				first(options.server, console.env().get(SERVER_VARIABLE), file.getProperty("server")), DEFAULT_SERVER);
		String key = first(readKeyFile(options.apiKeyFile, warn), console.env().get(KEY_VARIABLE),
				file.getProperty("api-key"));
		return new Settings(address(server), key, config);
	}

	private static Path configFile(@Nullable Path option, Console console) {
		if (option != null) {
			return option;
		}
		String xdg = console.env().get("XDG_CONFIG_HOME");
		Path folder = (xdg != null && !xdg.isBlank()) ? Path.of(xdg) : console.home().resolve(".config");
		return folder.resolve("pbi-export").resolve("cli.properties");
	}

	private static @Nullable String readKeyFile(@Nullable Path file, Consumer<String> warn) {
		if (file == null) {
			return null;
		}
		try {
			String key = Files.readString(file, StandardCharsets.UTF_8).strip();
			if (key.isEmpty()) {
				throw new CliException(Exit.USAGE, "The API key file " + file + " is empty.");
			}
			warnIfShared(file, warn);
			return key;
		}
		catch (IOException ex) {
			throw new CliException(Exit.USAGE, "Cannot read the API key file " + file + ": " + ex.getMessage());
		}
	}

	private static void warnIfShared(Path file, Consumer<String> warn) {
		PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
		if (view == null) {
			return;
		}
		try {
			Set<PosixFilePermission> permissions = view.readAttributes().permissions();
			if (permissions.contains(PosixFilePermission.GROUP_READ)
					|| permissions.contains(PosixFilePermission.OTHERS_READ)) {
				warn.accept("Warning: " + file + " can be read by other users, and it may hold an API key."
						+ " Make it yours only: chmod 600 " + file);
			}
		}
		catch (IOException ex) {
			// its permissions cannot be read: reading it will say what is wrong
		}
	}

	private static URI address(String text) {
		try {
			URI uri = new URI(text.strip());
			if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					|| uri.getHost() == null) {
				throw new URISyntaxException(text, "not an http:// or https:// address with a host");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new CliException(Exit.USAGE, "The server address '" + text
					+ "' is not an http:// or https:// address such as " + DEFAULT_SERVER + ".");
		}
	}

	private static @Nullable String first(@Nullable String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		return null;
	}

}
