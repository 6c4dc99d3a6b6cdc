package org.pbiexport.catalog;

import java.time.Instant;
import java.util.List;

/**
 * One recorded change to a report: who did what when, and old → new per field.
 *
 * @param action {@code created}, {@code updated} or {@code deleted}
 */
public record HistoryEntry(long id, ReportId reportId, String reportTitle, Instant at, String actor, String action,
		List<FieldChange> changes) {

	public HistoryEntry {
		changes = List.copyOf(changes);
	}

}
