package org.pbiexport.powerbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the {@link SecretBox} gets its key: {@code pbi-export.secret-key}, or else, when
 * generating is allowed (the embedded default, not the {@code prod} profile), the key
 * file {@code <pbi-export.data-dir>/secret.key}, made once with owner-only permissions
 * and reused on every later start.
 */
@Configuration(proxyBeanMethods = false)
class SecretKeys {

	private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);

	static final String KEY_FILE = "secret.key";

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	/**
	 * @param secretKey {@code pbi-export.secret-key}: 32 random bytes in base64
	 * @param dataDir {@code pbi-export.data-dir}, where a generated key is kept
	 * @param generateSecretKey whether a key may be generated into the data dir when none
	 * is configured; the {@code prod} profile turns it off
	 */
	record Settings(String secretKey, Path dataDir, boolean generateSecretKey) {
	}

	/** Settings of the whole app at the top of {@code pbi-export}, read by name. */
	@Bean
	Settings secretKeySettings(@Value("${pbi-export.secret-key:}") String secretKey,
			@Value("${pbi-export.data-dir:./data}") Path dataDir,
			@Value("${pbi-export.generate-secret-key:true}") boolean generateSecretKey) {
		return new Settings(secretKey, dataDir, generateSecretKey);
	}

	@Bean
	SecretBox secretBox(Settings settings) {
		Path file = settings.dataDir().resolve(KEY_FILE).toAbsolutePath().normalize();
		if (settings.secretKey() != null && !settings.secretKey().isBlank()) {
			try {
				SecretBox box = SecretBox.withKey(settings.secretKey());
				if (Files.exists(file)) {
					log.info("Stored secrets use the key of pbi-export.secret-key; {} is not used", file);
				}
				return box;
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						"pbi-export.secret-key (PBI_EXPORT_SECRET_KEY) is not a usable key. " + ex.getMessage());
			}
		}
		if (!settings.generateSecretKey()) {
			throw new IllegalStateException("""
					No key for stored secrets. The prod profile needs one: set PBI_EXPORT_SECRET_KEY \
					(pbi-export.secret-key) to 32 random bytes in base64, made with: %s
					Keep it safe and the same on every instance: secrets stored with one key cannot be read \
					with another.""".formatted(SecretBox.MAKE_A_KEY));
		}
		return SecretBox.withKey(readOrCreate(file));
	}

	/**
	 * The key in the file, made first when there is none. A new key is written to a
	 * temporary file created owner-only and then linked into place, so the key file never
	 * exists with other permissions or half written, and two instances starting at once
	 * agree on one key.
	 */
	static String readOrCreate(Path file) {
		try {
			if (!Files.exists(file)) {
				create(file);
			}
			warnIfOthersMayRead(file);
			String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
			try {
				SecretBox.decodeKey(key);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(file + " does not hold a key for stored secrets. Restore it from a "
						+ "backup, or delete it if no credential is stored yet. " + ex.getMessage());
			}
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the key for stored secrets, " + file, ex);
		}
	}

	private static void create(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		boolean posix = posix();
		FileAttribute<?>[] attributes = posix
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) } : new FileAttribute<?>[0];
		Path temporary = Files.createTempFile(file.getParent(), KEY_FILE + ".", ".new", attributes);
		try {
			Files.writeString(temporary, SecretBox.newKey() + "\n", StandardCharsets.US_ASCII);
			try {
				Files.createLink(file, temporary);
			}
			catch (FileAlreadyExistsException ex) {
				return; // another instance made it first: use theirs
			}
			catch (UnsupportedOperationException | IOException ex) {
				// no hard links here (some network and Windows file systems)
				if (!Files.exists(file)) {
					Files.move(temporary, file);
				}
			}
			log.warn("Generated the key for stored secrets into {} (owner-only). Back it up with the database: "
					+ "stored secrets cannot be read without it. The prod profile needs pbi-export.secret-key "
					+ "instead.", file);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static void warnIfOthersMayRead(Path file) throws IOException {
		if (posix() && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
			log.warn("{} may be read by other users of this machine; make it owner-only: chmod 600 {}", file, file);
		}
	}

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

}
