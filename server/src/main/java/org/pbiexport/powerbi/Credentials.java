package org.pbiexport.powerbi;

import java.util.Optional;

/**
 * The stored credentials as the rest of the app may use them: by name, with the secret in
 * clear for the one call that needs it.
 */
public interface Credentials {

	/** The credential of this name, its secret decrypted, or empty when there is none. */
	Optional<Credential> find(String name);

	/** Every stored credential's name and kind, ordered by name; no secret is read. */
	java.util.SortedMap<String, CredentialKind> kinds();

}
