package org.pbiexport.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

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
		return find(new HistoryFilter(id, null, null, null), offset, limit);
	}

	/** Every report's changes, newest first. */
	@Transactional(readOnly = true)
	public List<HistoryEntry> all(int offset, int limit) {
		return find(HistoryFilter.ALL, offset, limit);
	}

	/** The changes the filter selects, newest first. */
	@Transactional(readOnly = true)
	public List<HistoryEntry> find(HistoryFilter filter, int offset, int limit) {
		List<Object> values = new ArrayList<>();
		String where = filter.where(values);
		values.add(limit);
		values.add(offset);
		return this.jdbc
			.sql("SELECT * FROM report_history" + where + " ORDER BY changed_at DESC, id DESC LIMIT ? OFFSET ?")
			.params(values)
			.query(this::entry)
			.list();
	}

	@Transactional(readOnly = true)
	public long count(@Nullable ReportId id) {
		return count(new HistoryFilter(id, null, null, null));
	}

	@Transactional(readOnly = true)
	public long count(HistoryFilter filter) {
		List<Object> values = new ArrayList<>();
		String where = filter.where(values);
		return this.jdbc.sql("SELECT COUNT(*) FROM report_history" + where).params(values).query(Long.class).single();
	}

	private HistoryEntry entry(ResultSet rs, int row) throws SQLException {
		return new HistoryEntry(rs.getLong("id"), new ReportId(rs.getLong("report_id")), rs.getString("report_title"),
				Instant.ofEpochMilli(rs.getLong("changed_at")), rs.getString("actor"), rs.getString("action"),
				this.json.readValue(rs.getString("changes"), CHANGES));
	}

}
