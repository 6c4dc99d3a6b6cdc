package org.pbiexport.schedules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.support.SqlBinaryValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Schedules, their runs and the files kept for download links, in the metadata database
 * (plain JDBC on the three dialects of db/migration). Times are epoch milliseconds.
 */
@Repository
class ScheduleStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String COLUMNS = "id, name, report_id, export_request, cron, time_zone, recipients, "
			+ "subject, enabled, next_run, created_at, updated_at, updated_by";

	private final JdbcClient jdbc;

	ScheduleStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A file kept for its download link. */
	record StoredFile(String fileName, String contentType, byte[] content) {
	}

	Schedule create(Schedule.Draft draft, @Nullable Instant nextRun, String actor, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO schedules (name, report_id, export_request, cron, time_zone, recipients, subject,
				    enabled, next_run, created_at, updated_at, updated_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(draft.name(), draft.reportId(), exportRequest(draft), draft.cron(), draft.timeZone(),
					String.join("\n", draft.recipients()), draft.subject(), draft.enabled(), millis(nextRun),
					now.toEpochMilli(), now.toEpochMilli(), actor)
			.update(keys, "id");
		return find(keys.getKeyAs(Number.class).longValue()).orElseThrow();
	}

	Optional<Schedule> update(long id, Schedule.Draft draft, @Nullable Instant nextRun, String actor, Instant now) {
		int updated = this.jdbc.sql("""
				UPDATE schedules SET name = ?, report_id = ?, export_request = ?, cron = ?, time_zone = ?,
				    recipients = ?, subject = ?, enabled = ?, next_run = ?, updated_at = ?, updated_by = ?
				WHERE id = ?""")
			.params(draft.name(), draft.reportId(), exportRequest(draft), draft.cron(), draft.timeZone(),
					String.join("\n", draft.recipients()), draft.subject(), draft.enabled(), millis(nextRun),
					now.toEpochMilli(), actor, id)
			.update();
		return (updated == 0) ? Optional.empty() : find(id);
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM schedules WHERE id = ?").param(id).update() > 0;
	}

	Optional<Schedule> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM schedules WHERE id = ?")
			.param(id)
			.query(ScheduleStore::schedule)
			.optional();
	}

	List<Schedule> list() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM schedules ORDER BY name, id")
			.query(ScheduleStore::schedule)
			.list();
	}

	/** Enabled schedules whose next run is due at {@code now}. */
	List<Schedule> due(Instant now) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM schedules WHERE enabled = ? AND next_run <= ? ORDER BY id")
			.params(true, now.toEpochMilli())
			.query(ScheduleStore::schedule)
			.list();
	}

	/**
	 * Takes a due run for this instance by moving the schedule's next run forward; true
	 * for exactly one of the instances that try with the same due time.
	 */
	boolean claim(long id, Instant dueAt, @Nullable Instant next) {
		return this.jdbc.sql("UPDATE schedules SET next_run = ? WHERE id = ? AND enabled = ? AND next_run = ?")
			.params(millis(next), id, true, dueAt.toEpochMilli())
			.update() == 1;
	}

	long startRun(long scheduleId, String trigger, @Nullable Instant dueAt, Instant startedAt, String instance) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO schedule_runs (schedule_id, run_trigger, due_at, started_at, status, instance)
				VALUES (?, ?, ?, ?, 'running', ?)""")
			.params(scheduleId, trigger, millis(dueAt), startedAt.toEpochMilli(), instance)
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	void finishRun(long runId, Instant finishedAt, String status, @Nullable String error, @Nullable String fileName,
			@Nullable Long fileSize, @Nullable String delivery) {
		this.jdbc.sql("""
				UPDATE schedule_runs SET finished_at = ?, status = ?, error = ?, file_name = ?, file_size = ?,
				    delivery = ? WHERE id = ?""")
			.params(finishedAt.toEpochMilli(), status, error, fileName, fileSize, delivery, runId)
			.update();
	}

	/** The latest runs of a schedule, newest first. */
	List<Schedule.Run> runs(long scheduleId, int limit) {
		return this.jdbc.sql("""
				SELECT id, schedule_id, run_trigger, due_at, started_at, finished_at, status, error, file_name,
				    file_size, delivery, instance
				FROM schedule_runs WHERE schedule_id = ? ORDER BY started_at DESC, id DESC LIMIT ?""")
			.params(scheduleId, limit)
			.query(ScheduleStore::run)
			.list();
	}

	/** Drops the runs of a schedule beyond the newest {@code keep}. */
	void pruneRuns(long scheduleId, int keep) {
		List<Long> old = runs(scheduleId, keep + 100).stream().skip(keep).map(Schedule.Run::id).toList();
		old.forEach((id) -> this.jdbc.sql("DELETE FROM schedule_runs WHERE id = ?").param(id).update());
	}

	/**
	 * Ends runs that have been running since before {@code startedBefore}: the instance
	 * running them stopped. Their history says so rather than "running" for ever.
	 */
	int failAbandoned(Instant startedBefore, Instant now) {
		return this.jdbc.sql("""
				UPDATE schedule_runs SET status = 'failed', finished_at = ?,
				    error = 'The run was interrupted: the instance running it stopped before it ended.'
				WHERE status = 'running' AND started_at < ?""")
			.params(now.toEpochMilli(), startedBefore.toEpochMilli())
			.update();
	}

	/**
	 * Keeps a run's file for its download link, streamed from {@code content} (a file on
	 * disk) rather than read into memory first.
	 */
	void keepFile(long runId, String fileName, String contentType, InputStreamSource content, long size,
			Instant expiresAt) {
		this.jdbc.sql("""
				INSERT INTO schedule_files (run_id, file_name, content_type, content, expires_at)
				VALUES (?, ?, ?, ?, ?)""")
			.params(runId, fileName, contentType, new SqlBinaryValue(content, size), expiresAt.toEpochMilli())
			.update();
	}

	Optional<StoredFile> file(long runId, Instant now) {
		return this.jdbc
			.sql("SELECT file_name, content_type, content FROM schedule_files WHERE run_id = ? AND expires_at > ?")
			.params(runId, now.toEpochMilli())
			.query((rs, row) -> new StoredFile(rs.getString(1), rs.getString(2), rs.getBytes(3)))
			.optional();
	}

	int dropExpiredFiles(Instant now) {
		return this.jdbc.sql("DELETE FROM schedule_files WHERE expires_at <= ?").param(now.toEpochMilli()).update();
	}

	private static String exportRequest(Schedule.Draft draft) {
		ObjectNode request = JsonNodeFactory.instance.objectNode();
		request.set("pages", JSON.valueToTree(draft.pages()));
		request.put("format", draft.format());
		request.set("filters", draft.filters());
		request.put("each", draft.each());
		if (draft.eachValues() != null) {
			request.set("each_values", JSON.valueToTree(draft.eachValues()));
		}
		request.put("combine", draft.combine());
		return JSON.writeValueAsString(request);
	}

	private static Schedule schedule(ResultSet rs, int row) throws SQLException {
		JsonNode request = JSON.readTree(rs.getString("export_request"));
		List<String> pages = request.path("pages").valueStream().map(JsonNode::asString).toList();
		String each = request.path("each").isString() ? request.get("each").asString() : null;
		List<String> eachValues = request.path("each_values").isArray()
				? request.get("each_values").valueStream().map(JsonNode::asString).toList() : null;
		ObjectNode filters = request.path("filters").isObject() ? (ObjectNode) request.get("filters")
				: JsonNodeFactory.instance.objectNode();
		String recipients = rs.getString("recipients");
		Schedule.Draft draft = new Schedule.Draft(rs.getString("name"), rs.getLong("report_id"), pages,
				request.path("format").asString("pdf"), filters, each, eachValues,
				request.path("combine").asBoolean(false), rs.getString("cron"), rs.getString("time_zone"),
				recipients.isEmpty() ? List.of() : Arrays.asList(recipients.split("\n")), rs.getString("subject"),
				rs.getBoolean("enabled"));
		return new Schedule(rs.getLong("id"), draft, instant(rs, "next_run"),
				Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
				rs.getString("updated_by"));
	}

	private static Schedule.Run run(ResultSet rs, int row) throws SQLException {
		long size = rs.getLong("file_size");
		Long fileSize = rs.wasNull() ? null : size;
		return new Schedule.Run(rs.getLong("id"), rs.getLong("schedule_id"), rs.getString("run_trigger"),
				instant(rs, "due_at"), Instant.ofEpochMilli(rs.getLong("started_at")), instant(rs, "finished_at"),
				rs.getString("status"), rs.getString("error"), rs.getString("file_name"), fileSize,
				rs.getString("delivery"), rs.getString("instance"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		long millis = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
	}

	private static @Nullable Long millis(@Nullable Instant instant) {
		return (instant != null) ? instant.toEpochMilli() : null;
	}

}
