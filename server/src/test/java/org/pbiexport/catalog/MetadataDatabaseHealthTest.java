package org.pbiexport.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness of the metadata storage on real databases and a real data folder: a SQLite
 * file deleted or replaced under the app, a full volume, a read-only PostgreSQL.
 */
class MetadataDatabaseHealthTest {

	@TempDir
	Path dataDir;

	Instant now = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void aSqliteFileThatIsDeletedOrReplacedIsNotReady() throws Exception {
		Path file = sqlite("meta.db");
		MetadataDatabaseHealth health = health(file, DataSize.ofBytes(0));
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(health.writesRefused()).isEmpty();

		// Restored from a backup over the file in use: another file now has its name.
		Files.move(sqlite("backup.db"), file, StandardCopyOption.REPLACE_EXISTING);
		later();
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.writesRefused()).hasValueSatisfying((why) -> assertThat(why).contains("replaced"));

		Files.delete(file);
		later();
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.writesRefused()).hasValueSatisfying((why) -> assertThat(why).contains("missing"));
	}

	@Test
	void aFullDataVolumeIsNotReadyButStillTakesWrites() throws Exception {
		MetadataDatabaseHealth health = health(sqlite("meta.db"), DataSize.ofTerabytes(1_000_000));

		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.health().getDetails().get("reason")).asString().contains("pbi-export.min-free-disk");
		assertThat(health.writesRefused()).isEmpty();
	}

	@Test
	void aReadOnlyPostgresqlIsNotReady() throws Exception {
		Map<String, String> database = TestDatabase.POSTGRESQL.create();
		String url = database.get("spring.datasource.url");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "postgres", "");
		MetadataDatabaseHealth health = new MetadataDatabaseHealth(dataSource, null,
				new StorageProperties(this.dataDir, DataSize.ofBytes(0)), clock());
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);

		String name = url.substring(url.lastIndexOf('/') + 1);
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER DATABASE " + name + " SET default_transaction_read_only = on");
		}
		later();
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.writesRefused()).hasValueSatisfying((why) -> assertThat(why).contains("read-only"));
	}

	private Path sqlite(String name) throws Exception {
		Path file = this.dataDir.resolve(name);
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE t (x INTEGER)");
		}
		return file;
	}

	private MetadataDatabaseHealth health(Path file, DataSize minFree) {
		return new MetadataDatabaseHealth(new DriverManagerDataSource("jdbc:sqlite:" + file), file,
				new StorageProperties(this.dataDir, minFree), clock());
	}

	/** Past the one second a check is kept. */
	private void later() {
		this.now = this.now.plus(Duration.ofSeconds(2));
	}

	private Clock clock() {
		return new Clock() {
			@Override
			public Instant instant() {
				return MetadataDatabaseHealthTest.this.now;
			}

			@Override
			public java.time.ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}
		};
	}

}
