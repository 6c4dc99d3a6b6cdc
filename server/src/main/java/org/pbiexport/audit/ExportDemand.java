package org.pbiexport.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * Which exports of a report people ask for most, counted from the export log: the same
 * pages, filter values and format, answered with a file. Only counts leave it, never who
 * asked.
 */
@Service
public class ExportDemand {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ExportDemand(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * An export asked for {@code asked} times.
	 *
	 * @param pages the pages' internal names
	 * @param filters column → values as applied
	 * @param format the file format
	 * @param asked how many answered exports asked for it
	 */
	public record AskedExport(List<String> pages, Map<String, List<String>> filters, String format, long asked) {
	}

	/**
	 * The most asked-for exports of a report since {@code since}, most asked first.
	 * @param reportId the report
	 * @param limit how many at most
	 * @param since the oldest answer counted
	 * @return the exports and their counts
	 */
	@Transactional(readOnly = true)
	public List<AskedExport> mostAsked(long reportId, int limit, Instant since) {
		return this.jdbc.sql("""
				SELECT pages, filters, format, COUNT(*) AS asked, MAX(answered_at) AS last_asked
				FROM export_log
				WHERE report_id = ? AND status = 200 AND format IS NOT NULL AND answered_at >= ?
				GROUP BY pages, filters, format
				ORDER BY asked DESC, last_asked DESC
				LIMIT ?""")
			.params(reportId, since.toEpochMilli(), limit)
			.query((rs, row) -> new AskedExport(this.json.readValue(rs.getString("pages"), ExportLog.PAGES),
					this.json.readValue(rs.getString("filters"), ExportLog.FILTERS), rs.getString("format"),
					rs.getLong("asked")))
			.list();
	}

}
