package org.pbiexport.desktop;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * API keys in a properties file (server → key) that only its owner may read or write
 * ({@code rw-------}), for systems without a keyring.
 */
public final class FileKeyStore implements KeyStore {

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private final Path file;

	/**
	 * Keys kept in {@code file}.
	 * @param file the file, created on the first save
	 */
	public FileKeyStore(Path file) {
		this.file = file;
	}

	@Override
	public @Nullable String load(String server) {
		return read().getProperty(server);
	}

	@Override
	public void save(String server, String key) {
		Properties keys = read();
		keys.setProperty(server, key);
		try {
			Files.createDirectories(this.file.getParent());
			boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
			if (!Files.exists(this.file)) {
				if (posix) {
					Files.createFile(this.file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
				}
				else {
					Files.createFile(this.file);
				}
			}
			if (posix) {
				Files.setPosixFilePermissions(this.file, OWNER_ONLY);
			}
			try (Writer writer = Files.newBufferedWriter(this.file, StandardCharsets.UTF_8)) {
				keys.store(writer, "pbi-export API keys by server; keep this file private");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + this.file, ex);
		}
	}

	@Override
	public String where() {
		return this.file.toString();
	}

	private Properties read() {
		Properties keys = new Properties();
		if (Files.isRegularFile(this.file)) {
			try (Reader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
				keys.load(reader);
			}
			catch (IOException ex) {
				// unreadable: as if no key were kept
			}
		}
		return keys;
	}

}
