package org.pbiexport.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Failures of the storage rather than of the request: the database unreachable, busy,
 * read-only or full, the disk full. A client should try again later (503), not read them
 * as the server's bug (500).
 */
final class StorageFailures {

	/**
	 * SQLite's primary result codes busy, locked, read-only, I/O error, full, cannot
	 * open.
	 */
	private static final Set<Integer> SQLITE_CODES = Set.of(5, 6, 8, 10, 13, 14);

	/**
	 * MariaDB/MySQL's read-only, table full, disk full, too many connections, lock wait
	 * timeout.
	 */
	private static final Set<Integer> MYSQL_CODES = Set.of(1290, 1836, 1114, 1021, 1040, 1205);

	private StorageFailures() {
	}

	static boolean isStorageFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof RecoverableDataAccessException
					|| cause instanceof CannotCreateTransactionException || cause instanceof FileSystemException) {
				return true;
			}
			if (cause instanceof SQLException sql && storageState(sql)) {
				return true;
			}
			if (cause instanceof IOException io && io.getMessage() != null
					&& io.getMessage().contains("No space left on device")) {
				return true;
			}
			if (cause instanceof UncheckedIOException && cause.getCause() instanceof FileSystemException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * Whether Redis failed (refused while disconnected, timed out, unreachable): named by
	 * class, as only scaled-out nodes have a Redis client.
	 */
	static boolean isRedisFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().startsWith("io.lettuce.core.")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static boolean storageState(SQLException sql) {
		String state = sql.getSQLState();
		if (state != null && (state.startsWith("08") || state.startsWith("53") || state.equals("25006")
				|| state.startsWith("57P") || state.equals("40001"))) {
			return true;
		}
		int code = sql.getErrorCode();
		if (sql.getClass().getName().startsWith("org.sqlite.")) {
			// Extended codes add bits above the primary code, which is the low byte.
			return SQLITE_CODES.contains(code & 0xff);
		}
		return MYSQL_CODES.contains(code);
	}

}
