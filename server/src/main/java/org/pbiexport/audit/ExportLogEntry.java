package org.pbiexport.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One row of the export log, as the page and the CSV show it.
 *
 * @param callerKind {@code user}, {@code key} or {@code anonymous}
 * @param filters column → values as applied
 * @param cache {@code HIT}, {@code MISS} or null when no file was looked for
 * @param problem the problem's slug when the export failed or was refused
 */
public record ExportLogEntry(long id, Instant at, String callerKind, String caller, @Nullable String keyPrefix,
		@Nullable Long reportId, @Nullable String reportTitle, List<String> pages, Map<String, List<String>> filters,
		@Nullable String format, @Nullable String cache, int status, @Nullable String problem, long durationMillis,
		@Nullable String jobId) {

	/** Who, in words: the user, the key with its prefix, or anonymous. */
	public String who() {
		return (this.keyPrefix != null) ? "key " + this.caller + " (pbx_" + this.keyPrefix + "_…)" : this.caller;
	}

	/** The filters as applied, {@code column=value|value; column=value}. */
	public String filterText() {
		StringBuilder text = new StringBuilder();
		this.filters.forEach((column, values) -> {
			if (!text.isEmpty()) {
				text.append("; ");
			}
			text.append(column).append('=').append(String.join("|", values));
		});
		return text.toString();
	}

	/** The outcome, {@code 200} or {@code 400 invalid-request}. */
	public String outcome() {
		return (this.problem != null) ? this.status + " " + this.problem : Integer.toString(this.status);
	}

	public boolean failed() {
		return this.status >= 400;
	}

}
