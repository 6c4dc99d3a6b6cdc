package org.pbiexport.web;

import java.util.Optional;

/**
 * Whether the app's stored data can take changes now. The module that owns the metadata
 * database says so; {@link WriteGuard} refuses changes with 503 while it cannot, rather
 * than accept them and lose them (a database file deleted under a running app still takes
 * writes, into nothing).
 */
public interface StorageStatus {

	/**
	 * Why changes cannot be stored now, in words for an operator; empty when they can.
	 */
	Optional<String> writesRefused();

}
