package org.pbiexport.export;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An export the public API answered: a direct export ({@code GET}/{@code POST
 * /api/export}, {@code /export}) once its answer is decided, a refused export job when it
 * is refused, and an export job when it finishes. Published for the export log; it
 * carries who asked (never an address), what was exported and how it ended.
 *
 * @param at when the answer was decided (for a job: when it finished)
 * @param caller who asked
 * @param reportId the report, when the request named one that could be read
 * @param reportTitle the report's title, when it was found
 * @param pages the internal names of the pages exported, in order; empty when refused
 * before they were known
 * @param filters column → values as applied (defaults included), in canonical text
 * @param format {@code png} or {@code pdf}, when known
 * @param cache {@code HIT} or {@code MISS} when a file was looked for, else null
 * @param status the HTTP status of the answer (for a job: of its file or its failure)
 * @param problem the problem's slug when it failed, else null
 * @param durationMillis from the request's arrival (a job's creation) to its answer
 * @param jobId the export job's id, for jobs
 */
public record ExportAnswered(Instant at, Caller caller, @Nullable Long reportId, @Nullable String reportTitle,
		List<String> pages, Map<String, List<String>> filters, @Nullable String format, @Nullable String cache,
		int status, @Nullable String problem, long durationMillis, @Nullable String jobId) {

	public ExportAnswered {
		pages = List.copyOf(pages);
		// In the report's order of filters, as applied.
		filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
	}

	/**
	 * Who asked for an export.
	 *
	 * @param kind {@code user}, {@code key} or {@code anonymous}
	 * @param name the user's name, the key's name, or {@code anonymous}
	 * @param keyPrefix the key's visible prefix, for keys
	 */
	public record Caller(String kind, String name, @Nullable String keyPrefix) {

		public static final Caller ANONYMOUS = new Caller("anonymous", "anonymous", null);

	}

}
