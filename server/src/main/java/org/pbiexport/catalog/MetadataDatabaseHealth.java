package org.pbiexport.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.pbiexport.web.StorageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * Readiness of the metadata database beyond "a query answers" (which a SQLite file
 * deleted under the running app still does, into nothing): the SQLite file is still there
 * and still the one opened at start, it and its folder are writable, a PostgreSQL or
 * MariaDB server is not read-only; and the data volume has room. DOWN takes the instance
 * out of rotation; while the database cannot take writes, they are refused with 503
 * ({@link StorageStatus}). Checked at most once a second.
 */
@Component("metadataDatabase")
class MetadataDatabaseHealth implements HealthIndicator, StorageStatus {

	private static final Logger log = LoggerFactory.getLogger(MetadataDatabaseHealth.class);

	private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

	private final DataSource dataSource;

	private final Path sqliteFile;

	private final StorageProperties storage;

	private final Clock clock;

	private volatile Object sqliteFileKey;

	private volatile Checked last;

	@Autowired
	MetadataDatabaseHealth(DataSource dataSource, DataSourceProperties database, StorageProperties storage) {
		this(dataSource, DatabaseSetup.sqliteFile(database.getUrl()).orElse(null), storage, Clock.systemUTC());
	}

	MetadataDatabaseHealth(DataSource dataSource, Path sqliteFile, StorageProperties storage, Clock clock) {
		this.dataSource = dataSource;
		this.sqliteFile = (sqliteFile != null) ? sqliteFile.toAbsolutePath().normalize() : null;
		this.storage = storage;
		this.clock = clock;
		if (this.sqliteFile != null) {
			try {
				this.sqliteFileKey = Files.readAttributes(this.sqliteFile, BasicFileAttributes.class).fileKey();
			}
			catch (IOException ex) {
				// Not made yet: noted at the first check.
			}
		}
	}

	/** What was found at one check: a database problem, a disk problem, or neither. */
	private record Checked(Instant at, String database, String disk) {
	}

	@Override
	public Health health() {
		Checked checked = check();
		if (checked.database() == null && checked.disk() == null) {
			return Health.up().build();
		}
		return Health.down()
			.withDetail("reason", Objects.requireNonNullElse(checked.database(), checked.disk()))
			.build();
	}

	@Override
	public Optional<String> writesRefused() {
		return Optional.ofNullable(check().database());
	}

	private Checked check() {
		Instant now = this.clock.instant();
		Checked previous = this.last;
		if (previous != null && previous.at().plus(CHECK_EVERY).isAfter(now)) {
			return previous;
		}
		Checked checked = new Checked(now, databaseProblem(), diskProblem());
		if (previous == null || !Objects.equals(previous.database(), checked.database())
				|| !Objects.equals(previous.disk(), checked.disk())) {
			if (checked.database() != null || checked.disk() != null) {
				log.warn("Metadata storage is not ready: {}",
						Objects.requireNonNullElse(checked.database(), checked.disk()));
			}
			else if (previous != null) {
				log.info("Metadata storage is ready again");
			}
		}
		this.last = checked;
		return checked;
	}

	private String databaseProblem() {
		return (this.sqliteFile != null) ? sqliteProblem() : serverProblem();
	}

	private String sqliteProblem() {
		Object key;
		try {
			key = Files.readAttributes(this.sqliteFile, BasicFileAttributes.class).fileKey();
		}
		catch (NoSuchFileException ex) {
			return "The SQLite database file " + this.sqliteFile + " is missing: changes would be lost. "
					+ "Restore it and restart the app.";
		}
		catch (IOException ex) {
			return "The SQLite database file " + this.sqliteFile + " cannot be read: " + ex.getMessage();
		}
		if (this.sqliteFileKey == null) {
			this.sqliteFileKey = key;
		}
		else if (key != null && !key.equals(this.sqliteFileKey)) {
			return "The SQLite database file " + this.sqliteFile + " was replaced while the app runs; "
					+ "restart the app to use the new one.";
		}
		if (!Files.isWritable(this.sqliteFile) || !Files.isWritable(this.sqliteFile.getParent())) {
			return "The SQLite database file " + this.sqliteFile + " or its folder is read-only.";
		}
		return null;
	}

	private String serverProblem() {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			String vendor = DatabaseSetup.vendor(connection);
			String query = switch (vendor) {
				case "postgresql" -> "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'";
				case "mysql" -> "SELECT @@global.read_only";
				default -> null;
			};
			if (query == null) {
				return null;
			}
			try (ResultSet result = statement.executeQuery(query)) {
				if (result.next() && result.getBoolean(1)) {
					return "The " + vendor + " metadata database is read-only.";
				}
			}
			return null;
		}
		catch (SQLException | RuntimeException ex) {
			return "The metadata database cannot be reached: " + ex.getMessage();
		}
	}

	private String diskProblem() {
		Path dir = (this.sqliteFile != null) ? this.sqliteFile.getParent() : this.storage.dataDir();
		try {
			Path existing = dir.toAbsolutePath();
			while (existing != null && !Files.exists(existing)) {
				existing = existing.getParent();
			}
			if (existing == null) {
				return null;
			}
			long free = Files.getFileStore(existing).getUsableSpace();
			long needed = this.storage.minFreeDisk().toBytes();
			if (free < needed) {
				return "Only " + (free / (1024 * 1024)) + " MB are free on the data volume (" + existing + "); "
						+ "at least " + (needed / (1024 * 1024)) + " MB are needed (pbi-export.min-free-disk).";
			}
			return null;
		}
		catch (IOException ex) {
			return "The free space of the data volume cannot be read: " + ex.getMessage();
		}
	}

}
