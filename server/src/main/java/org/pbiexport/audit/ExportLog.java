package org.pbiexport.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.pbiexport.export.ExportAnswered;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export log's rows in the metadata database: one INSERT per export, read newest
 * first with the page's filters, streamed for the CSV, deleted when older than kept.
 */
@Service
class ExportLog {

	/** How the {@code filters} column is read: column → values. */
	static final TypeReference<Map<String, List<String>>> FILTERS = new TypeReference<>() {
	};

	/** How the {@code pages} column is read. */
	static final TypeReference<List<String>> PAGES = new TypeReference<>() {
	};

	private static final int MAX_TITLE = 200;

	private static final int MAX_NAME = 100;

	private static final int MAX_PAGES = 4000;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ExportLog(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Writes one row: a single INSERT, outside any other transaction. */
	void record(ExportAnswered export) {
		String pages = this.json.writeValueAsString(export.pages());
		this.jdbc.sql("""
				INSERT INTO export_log (answered_at, caller_kind, caller, key_prefix, report_id, report_title, pages,
				    filters, format, cache, status, problem, duration_ms, job_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(export.at().toEpochMilli(), export.caller().kind(), cut(export.caller().name(), MAX_NAME),
					export.caller().keyPrefix(), export.reportId(), cut(export.reportTitle(), MAX_TITLE),
					(pages.length() > MAX_PAGES) ? "[]" : pages, this.json.writeValueAsString(export.filters()),
					export.format(), export.cache(), export.status(), export.problem(), export.durationMillis(),
					export.jobId())
			.update();
	}

	/** The rows the query selects, newest first. */
	@Transactional(readOnly = true)
	List<ExportLogEntry> find(ExportLogQuery query, int offset, int limit) {
		ExportLogQuery.Condition where = query.condition();
		List<Object> values = new ArrayList<>(where.values());
		values.add(limit);
		values.add(offset);
		return this.jdbc
			.sql("SELECT * FROM export_log" + where.sql() + " ORDER BY answered_at DESC, id DESC LIMIT ? OFFSET ?")
			.params(values)
			.query(this::entry)
			.list();
	}

	@Transactional(readOnly = true)
	long count(ExportLogQuery query) {
		ExportLogQuery.Condition where = query.condition();
		return this.jdbc.sql("SELECT COUNT(*) FROM export_log" + where.sql())
			.params(where.values())
			.query(Long.class)
			.single();
	}

	/** Hands every row the query selects to {@code each}, newest first, as it is read. */
	@Transactional(readOnly = true)
	void each(ExportLogQuery query, Consumer<ExportLogEntry> each) {
		ExportLogQuery.Condition where = query.condition();
		this.jdbc.sql("SELECT * FROM export_log" + where.sql() + " ORDER BY answered_at DESC, id DESC")
			.params(where.values())
			.query((RowCallbackHandler) (rs) -> each.accept(entry(rs, rs.getRow())));
	}

	/** Deletes the rows answered before {@code cutoff}; how many. */
	@Transactional
	int deleteBefore(Instant cutoff) {
		return this.jdbc.sql("DELETE FROM export_log WHERE answered_at < ?").param(cutoff.toEpochMilli()).update();
	}

	private ExportLogEntry entry(ResultSet rs, int row) throws SQLException {
		long reportId = rs.getLong("report_id");
		Long report = rs.wasNull() ? null : reportId;
		return new ExportLogEntry(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("answered_at")),
				rs.getString("caller_kind"), rs.getString("caller"), rs.getString("key_prefix"), report,
				rs.getString("report_title"), this.json.readValue(rs.getString("pages"), PAGES),
				this.json.readValue(rs.getString("filters"), FILTERS), rs.getString("format"), rs.getString("cache"),
				rs.getInt("status"), rs.getString("problem"), rs.getLong("duration_ms"), rs.getString("job_id"));
	}

	private static @Nullable String cut(@Nullable String text, int max) {
		return (text != null && text.length() > max) ? text.substring(0, max) : text;
	}

}
