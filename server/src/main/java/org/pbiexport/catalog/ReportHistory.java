package org.pbiexport.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The record of every change to reports, their pages and filters: written by
 * {@link Catalog} in the transaction of the change itself, so the history never misses or
 * invents one; read by the admin pages, newest first.
 */
@Service
public class ReportHistory {

	private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ReportHistory(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void record(ReportId id, String title, Instant at, String actor, String action, List<FieldChange> changes) {
		this.jdbc
			.sql("INSERT INTO report_history (report_id, report_title, changed_at, actor, action, changes) "
					+ "VALUES (?, ?, ?, ?, ?, ?)")
			.params(id.value(), title, at.toEpochMilli(), (actor != null) ? actor : "system", action,
					this.json.writeValueAsString(changes))
			.update();
	}

	/** A report's changes, newest first. */
	@Transactional(readOnly = true)
	public List<HistoryEntry> ofReport(ReportId id, int offset, int limit) {
		return this.jdbc
			.sql("SELECT * FROM report_history WHERE report_id = ? ORDER BY changed_at DESC, id DESC LIMIT ? OFFSET ?")
			.params(id.value(), limit, offset)
			.query(this::entry)
			.list();
	}

	/** Every report's changes, newest first. */
	@Transactional(readOnly = true)
	public List<HistoryEntry> all(int offset, int limit) {
		return this.jdbc.sql("SELECT * FROM report_history ORDER BY changed_at DESC, id DESC LIMIT ? OFFSET ?")
			.params(limit, offset)
			.query(this::entry)
			.list();
	}

	@Transactional(readOnly = true)
	public long count(ReportId id) {
		JdbcClient.StatementSpec query = (id != null)
				? this.jdbc.sql("SELECT COUNT(*) FROM report_history WHERE report_id = ?").param(id.value())
				: this.jdbc.sql("SELECT COUNT(*) FROM report_history");
		return query.query(Long.class).single();
	}

	private HistoryEntry entry(ResultSet rs, int row) throws SQLException {
		return new HistoryEntry(rs.getLong("id"), new ReportId(rs.getLong("report_id")), rs.getString("report_title"),
				Instant.ofEpochMilli(rs.getLong("changed_at")), rs.getString("actor"), rs.getString("action"),
				this.json.readValue(rs.getString("changes"), CHANGES));
	}

}
