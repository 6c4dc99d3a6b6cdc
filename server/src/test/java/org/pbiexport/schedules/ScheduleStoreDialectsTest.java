package org.pbiexport.schedules;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedule tables and their SQL on each supported metadata database, after the same
 * Flyway migrations the app runs: storing and reading schedules, the claim that lets one
 * instance take a due run, the run history newest first, kept files until they expire,
 * and runs deleted with their schedule.
 */
class ScheduleStoreDialectsTest {

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void schedulesRunsAndFilesOnEveryDatabase(TestDatabase database) {
		ScheduleStore store = new ScheduleStore(JdbcClient.create(migrated(database)));
		Instant now = Instant.parse("2026-03-02T06:00:00Z");
		Schedule.Draft draft = new Schedule.Draft("Zoë's pack", 1, List.of("ReportSection1"), "pdf",
				JsonNodeFactory.instance.objectNode().put("Year", 2024), "Region", List.of("North", "Côte d'Azur"),
				true, "0 0 7 * * *", "Europe/Berlin", List.of("a@example.com", "b@example.com"), "Pack {date}", true);
		Schedule created = store.create(draft, now, "alice", now.minusSeconds(60));

		assertThat(store.find(created.id()).orElseThrow()).isEqualTo(created);
		assertThat(created.draft()).isEqualTo(draft);
		assertThat(created.nextRun()).isEqualTo(now);
		assertThat(store.list()).containsExactly(created);
		assertThat(store.due(now.minusSeconds(1))).isEmpty();
		assertThat(store.due(now)).containsExactly(created);

		Instant next = now.plus(Duration.ofDays(1));
		assertThat(store.claim(created.id(), now, next)).isTrue();
		assertThat(store.claim(created.id(), now, next)).as("a second instance with the same due time").isFalse();
		assertThat(store.due(now)).isEmpty();

		long first = store.startRun(created.id(), "cron", now, now, "node-a");
		store.finishRun(first, now.plusSeconds(5), "failed", "The mail server refused the mail: 550 no", null, null,
				null);
		long second = store.startRun(created.id(), "manual", null, now.plusSeconds(10), "node-b");
		byte[] content = "%PDF-1.7 ünïcode".getBytes(StandardCharsets.UTF_8);
		store.keepFile(second, "pack.pdf", "application/pdf", new ByteArrayResource(content), content.length,
				now.plus(Duration.ofDays(7)));
		store.finishRun(second, now.plusSeconds(15), "sent", null, "pack.pdf", (long) content.length, "link");
		List<Schedule.Run> runs = store.runs(created.id(), 10);
		assertThat(runs).extracting(Schedule.Run::id).containsExactly(second, first);
		assertThat(runs.get(0).fileSize()).isEqualTo(content.length);
		assertThat(runs.get(0).dueAt()).isNull();
		assertThat(runs.get(1).error()).isEqualTo("The mail server refused the mail: 550 no");
		assertThat(store.runs(created.id(), 1)).hasSize(1);
		assertThat(store.file(second, now).orElseThrow().content()).isEqualTo(content);
		assertThat(store.file(second, now.plus(Duration.ofDays(8)))).isEmpty();
		store.pruneRuns(created.id(), 1);
		assertThat(store.runs(created.id(), 10)).extracting(Schedule.Run::id).containsExactly(second);

		long abandoned = store.startRun(created.id(), "cron", now, now.plusSeconds(30), "node-gone");
		assertThat(store.failAbandoned(now.plusSeconds(30), now.plusSeconds(60))).as("not before it is old enough")
			.isZero();
		assertThat(store.failAbandoned(now.plusSeconds(31), now.plusSeconds(60))).isEqualTo(1);
		Schedule.Run ended = store.runs(created.id(), 1).get(0);
		assertThat(ended.id()).isEqualTo(abandoned);
		assertThat(ended.status()).isEqualTo("failed");
		assertThat(ended.error()).contains("interrupted");

		assertThat(store.delete(created.id())).isTrue();
		assertThat(store.runs(created.id(), 10)).isEmpty();
		assertThat(store.file(second, now)).as("files go with their runs").isEmpty();
	}

	private static DataSource migrated(TestDatabase database) {
		Map<String, String> settings = database.create();
		DriverManagerDataSource source = new DriverManagerDataSource();
		String vendor;
		if (database == TestDatabase.SQLITE) {
			source.setUrl("jdbc:sqlite:" + settings.get("pbi-export.data-dir") + "/schedules.db?foreign_keys=true");
			vendor = "sqlite";
		}
		else {
			source.setUrl(settings.get("spring.datasource.url"));
			source.setUsername(settings.get("spring.datasource.username"));
			source.setPassword(settings.get("spring.datasource.password"));
			vendor = (database == TestDatabase.POSTGRESQL) ? "postgresql" : "mysql";
		}
		Flyway.configure().dataSource(source).locations("classpath:db/migration/" + vendor).load().migrate();
		return source;
	}

}
