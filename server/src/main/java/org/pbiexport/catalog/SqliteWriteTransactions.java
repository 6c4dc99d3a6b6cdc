package org.pbiexport.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Spring's JDBC transaction manager, except that on SQLite a transaction that may write
 * takes the write lock when it begins ({@code BEGIN IMMEDIATE}).
 * <p>
 * SQLite's default transaction takes it at its first write. In WAL mode a transaction
 * that has read and then wants to write after another connection wrote cannot wait for
 * the lock: it fails at once with {@code SQLITE_BUSY_SNAPSHOT}, whatever the busy timeout
 * ("database is locked"). Creating a user while the export log was written did that.
 * Taken at the start, the lock is waited for (up to {@code busy_timeout}) instead.
 * Read-only transactions stay deferred, so readers never queue behind writers.
 */
class SqliteWriteTransactions extends JdbcTransactionManager {

	private static final long serialVersionUID = 1L;

	private final boolean sqlite;

	SqliteWriteTransactions(DataSource dataSource) {
		super(dataSource);
		this.sqlite = "sqlite".equals(DatabaseSetup.vendor(dataSource));
	}

	/**
	 * The driver has begun a deferred transaction when auto-commit was switched off: it
	 * holds no lock yet, so it is ended and begun again as an immediate one.
	 */
	@Override
	protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
			throws SQLException {
		super.prepareTransactionalConnection(connection, definition);
		if (this.sqlite && !definition.isReadOnly()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("ROLLBACK");
				statement.execute("BEGIN IMMEDIATE");
			}
		}
	}

}
