package org.pbiexport.desktop;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Where the API key of a server is kept: the OS keyring when there is one, otherwise a
 * file only its owner may read.
 */
public interface KeyStore {

	/**
	 * The key kept for a server.
	 * @param server the server's address
	 * @return the key, or {@code null} when none is kept
	 */
	@Nullable String load(String server);

	/**
	 * Keeps the key of a server.
	 * @param server the server's address
	 * @param key its API key
	 */
	void save(String server, String key);

	/**
	 * Where keys are kept, in words.
	 * @return e.g. "the keyring" or a file's path
	 */
	String where();

	/**
	 * The keyring through libsecret's {@code secret-tool} when it works here, otherwise a
	 * file in {@code folder}.
	 * @param folder the app's config folder
	 * @return the store to use
	 */
	static KeyStore forUser(Path folder) {
		FileKeyStore file = new FileKeyStore(folder.resolve("desktop.key"));
		return SecretToolKeyStore.available() ? new SecretToolKeyStore(file) : file;
	}

}
