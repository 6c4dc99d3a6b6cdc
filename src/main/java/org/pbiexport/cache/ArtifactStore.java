package org.pbiexport.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * Where rendered files are kept for reuse: the port that the embedded memory+disk store
 * implements, and a Redis store will when scaled out. Entries belong to an owner (a
 * report), so all of an owner's files can be dropped at once.
 */
public interface ArtifactStore {

	Optional<Artifact> get(String owner, String key);

	void put(String owner, String key, Artifact artifact, Duration ttl);

	/** Drops every file of this owner, from memory and disk. */
	void evict(String owner);

}
