package org.pbiexport.desktop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * API keys in the desktop's keyring (GNOME Keyring, KWallet…) through libsecret's
 * {@code secret-tool}. When the keyring does not answer, keys go to a fallback store.
 */
public final class SecretToolKeyStore implements KeyStore {

	private static final long WAIT_SECONDS = 10;

	private final KeyStore fallback;

	private boolean failed;

	/**
	 * The keyring, with a store for when it fails.
	 * @param fallback where keys go when the keyring does not answer
	 */
	public SecretToolKeyStore(KeyStore fallback) {
		this.fallback = fallback;
	}

	/**
	 * Whether {@code secret-tool} is installed and a desktop session bus is there.
	 * @return whether the keyring may be used
	 */
	public static boolean available() {
		String bus = System.getenv("DBUS_SESSION_BUS_ADDRESS");
		return bus != null && !bus.isBlank() && onPath("secret-tool");
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String folder : path.split(java.io.File.pathSeparator)) {
			if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
				return true;
			}
		}
		return false;
	}

	@Override
	public @Nullable String load(String server) {
		String key = run(List.of("secret-tool", "lookup", "service", "pbi-export", "server", server), null);
		return (key != null && !key.isBlank()) ? key.strip() : this.fallback.load(server);
	}

	@Override
	public void save(String server, String key) {
		String done = run(List.of("secret-tool", "store", "--label=pbi-export API key for " + server, "service",
				"pbi-export", "server", server), key);
		if (done == null) {
			this.failed = true;
			this.fallback.save(server, key);
		}
	}

	@Override
	public String where() {
		return this.failed ? this.fallback.where() : "the keyring";
	}

	private static @Nullable String run(List<String> command, @Nullable String input) {
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
			try (OutputStream stdin = process.getOutputStream()) {
				if (input != null) {
					stdin.write(input.getBytes(StandardCharsets.UTF_8));
				}
			}
			if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return null;
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return (process.exitValue() == 0) ? output : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
