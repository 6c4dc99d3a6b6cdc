package org.pbiexport.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * Where rendered files are kept for reuse: the port that the embedded memory+disk store
 * implements, and a Redis store will when scaled out. Entries belong to an owner (a
 * report, or the export jobs), so all of an owner's files can be dropped at once.
 */
public interface ArtifactStore {

	Optional<Artifact> get(String owner, String key);

	/**
	 * Keeps the artifact for {@code ttl}. Never waits for housekeeping: when the disk
	 * tier has no room now, the artifact is kept in memory only and room is made in the
	 * background for the next ones.
	 */
	void put(String owner, String key, Artifact artifact, Duration ttl);

	/**
	 * How much longer an artifact is kept: empty when it is not (never put, expired or
	 * dropped). For pre-warming, which renders again what is about to go.
	 */
	Optional<Duration> remaining(String owner, String key);

	/** Drops one artifact, from memory and disk. */
	void remove(String owner, String key);

	/** Drops every file of this owner, from memory and disk. */
	void evict(String owner);

}
