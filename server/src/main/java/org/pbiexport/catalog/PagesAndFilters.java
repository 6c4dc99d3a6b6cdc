package org.pbiexport.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * A report's pages and filters, in the {@code report_pages}, {@code report_filters} and
 * {@code filter_values} tables: read for a report, and replaced whole when it changes.
 * The {@link ReportRepository} writes the report's own row and calls this in the same
 * transaction.
 */
@Repository
class PagesAndFilters {

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	PagesAndFilters(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	List<Page> pages(ReportId id) {
		return this.jdbc
			.sql("SELECT name, display_name, position, width, height FROM report_pages WHERE report_id = ? "
					+ "ORDER BY position, id")
			.param(id.value())
			.query((rs, row) -> new Page(rs.getString("name"), rs.getString("display_name"), rs.getInt("position"),
					rs.getInt("width"), rs.getInt("height")))
			.list();
	}

	List<Filter> filters(ReportId id) {
		Map<Long, FilterRow> byId = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT f.id, f.label, f.table_name, f.column_name, f.value_type, f.multiple, f.required,
				       v.literal, v.is_default
				FROM report_filters f LEFT JOIN filter_values v ON v.filter_id = f.id
				WHERE f.report_id = ?
				ORDER BY f.position, f.id, v.position, v.id
				""").param(id.value()).query((ResultSet rs) -> {
			FilterRow filter = byId.computeIfAbsent(rs.getLong("id"), (key) -> filterRow(rs));
			String literal = rs.getString("literal");
			if (literal != null) {
				Object value = filter.type.parse(literal);
				filter.allowed.add(value);
				if (rs.getBoolean("is_default")) {
					filter.defaults.add(value);
				}
			}
		});
		return byId.values().stream().map(FilterRow::toFilter).toList();
	}

	/** Deletes the report's pages, filters and their values. */
	void delete(ReportId id) {
		this.jdbc
			.sql("DELETE FROM filter_values WHERE filter_id IN (SELECT id FROM report_filters WHERE report_id = ?)")
			.param(id.value())
			.update();
		this.jdbc.sql("DELETE FROM report_filters WHERE report_id = ?").param(id.value()).update();
		this.jdbc.sql("DELETE FROM report_pages WHERE report_id = ?").param(id.value()).update();
	}

	/** Stores the draft's pages, and its filters with their values, in order. */
	void insert(ReportId id, ReportDraft draft) {
		List<Object[]> pages = new ArrayList<>();
		for (Page page : draft.pages()) {
			pages.add(new Object[] { id.value(), page.name(), page.displayName(), page.order(), page.width(),
					page.height() });
		}
		this.template.batchUpdate(
				"INSERT INTO report_pages (report_id, name, display_name, position, width, height) VALUES (?, ?, ?, ?, ?, ?)",
				pages);
		int position = 0;
		for (Filter filter : draft.filters()) {
			position++;
			KeyHolder keys = new GeneratedKeyHolder();
			this.jdbc.sql("""
					INSERT INTO report_filters (report_id, label, table_name, column_name, value_type, multiple,
					    required, position)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)
					""")
				.params(id.value(), filter.label(), filter.table(), filter.column(), filter.type().wireName(),
						filter.multiple(), filter.required(), position)
				.update(keys, "id");
			long filterId = keys.getKeyAs(Number.class).longValue();
			List<Object[]> values = new ArrayList<>();
			int valuePosition = 0;
			for (Object value : filter.allowedValues()) {
				values.add(new Object[] { filterId, ++valuePosition, filter.type().format(value),
						filter.defaults().contains(value) });
			}
			this.template.batchUpdate(
					"INSERT INTO filter_values (filter_id, position, literal, is_default) VALUES (?, ?, ?, ?)", values);
		}
	}

	private static FilterRow filterRow(ResultSet rs) {
		try {
			FilterType type = FilterType.fromWireName(rs.getString("value_type"))
				.orElseThrow(() -> new IllegalStateException("unknown stored filter type"));
			return new FilterRow(rs.getString("label"), rs.getString("table_name"), rs.getString("column_name"), type,
					rs.getBoolean("multiple"), rs.getBoolean("required"));
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class FilterRow {

		private final String label;

		private final String table;

		private final String column;

		private final FilterType type;

		private final boolean multiple;

		private final boolean required;

		private final List<Object> allowed = new ArrayList<>();

		private final List<Object> defaults = new ArrayList<>();

		FilterRow(String label, String table, String column, FilterType type, boolean multiple, boolean required) {
			this.label = label;
			this.table = table;
			this.column = column;
			this.type = type;
			this.multiple = multiple;
			this.required = required;
		}

		Filter toFilter() {
			return new Filter(this.label, this.table, this.column, this.type, this.multiple, this.required,
					this.allowed, this.defaults);
		}

	}

}
