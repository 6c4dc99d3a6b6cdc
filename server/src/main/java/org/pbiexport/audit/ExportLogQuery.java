package org.pbiexport.audit;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Which rows of the export log to show: all of a report, of a user or key (part of its
 * name or prefix, any case), from and to a day (UTC, both included), and of an outcome.
 *
 * @param outcome {@code ok} (below 400), {@code refused} (4xx), {@code failed} (5xx), or
 * null for any
 */
record ExportLogQuery(@Nullable Long reportId, @Nullable String who, @Nullable LocalDate from, @Nullable LocalDate to,
		@Nullable String outcome) {

	static final ExportLogQuery ALL = new ExportLogQuery(null, null, null, null, null);

	static final List<String> OUTCOMES = List.of("ok", "refused", "failed");

	/**
	 * The SQL condition, starting with {@code WHERE} unless it is empty, and its values.
	 */
	Condition condition() {
		List<String> parts = new ArrayList<>();
		List<Object> values = new ArrayList<>();
		if (this.reportId != null) {
			parts.add("report_id = ?");
			values.add(this.reportId);
		}
		if (this.who != null && !this.who.isBlank()) {
			String like = "%"
					+ this.who.strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_")
					+ "%";
			parts.add("(LOWER(caller) LIKE ? ESCAPE '!' OR LOWER(key_prefix) LIKE ? ESCAPE '!')");
			values.add(like);
			values.add(like);
		}
		if (this.from != null) {
			parts.add("answered_at >= ?");
			values.add(this.from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
		}
		if (this.to != null) {
			parts.add("answered_at < ?");
			values.add(this.to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
		}
		if ("ok".equals(this.outcome)) {
			parts.add("status < 400");
		}
		else if ("refused".equals(this.outcome)) {
			parts.add("status >= 400 AND status < 500");
		}
		else if ("failed".equals(this.outcome)) {
			parts.add("status >= 500");
		}
		return new Condition(parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts), values);
	}

	record Condition(String sql, List<Object> values) {

		Condition {
			values = List.copyOf(values);
		}

	}

}
