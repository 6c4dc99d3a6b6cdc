package org.pbiexport.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Which changes of the history to show: of one report, by one user (part of the name, any
 * case), from and before an instant; every part optional.
 *
 * @param report the report, or null for all
 * @param actor part of the acting user's name, or null for anyone
 * @param from the first instant, or null
 * @param until the first instant no longer shown, or null
 */
public record HistoryFilter(@Nullable ReportId report, @Nullable String actor, @Nullable Instant from,
		@Nullable Instant until) {

	public static final HistoryFilter ALL = new HistoryFilter(null, null, null, null);

	/** The SQL condition, empty or starting with {@code WHERE}, and its values. */
	String where(List<Object> values) {
		List<String> parts = new ArrayList<>();
		if (this.report != null) {
			parts.add("report_id = ?");
			values.add(this.report.value());
		}
		if (this.actor != null && !this.actor.isBlank()) {
			parts.add("LOWER(actor) LIKE ? ESCAPE '!'");
			values.add("%" + this.actor.strip()
				.toLowerCase(Locale.ROOT)
				.replace("!", "!!")
				.replace("%", "!%")
				.replace("_", "!_") + "%");
		}
		if (this.from != null) {
			parts.add("changed_at >= ?");
			values.add(this.from.toEpochMilli());
		}
		if (this.until != null) {
			parts.add("changed_at < ?");
			values.add(this.until.toEpochMilli());
		}
		return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
	}

}
