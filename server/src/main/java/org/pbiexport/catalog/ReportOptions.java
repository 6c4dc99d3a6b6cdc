package org.pbiexport.catalog;

import java.util.Collection;
import java.util.List;

/**
 * What a report offers beyond its pages and filters.
 *
 * @param oneFilePer the filter columns for which people may ask one file per value (the
 * widget's "One file per …" choice), in the admin's order; each is a filter column of the
 * report ({@link ReportRules})
 * @param warmSessions whether an {@code embedded} report may keep a warm report session
 * and change filters in place instead of loading the report for every export
 */
public record ReportOptions(List<String> oneFilePer, boolean warmSessions) {

	/** No "one file per" choice; warm sessions allowed. */
	public static final ReportOptions DEFAULTS = new ReportOptions(List.of(), true);

	public ReportOptions {
		oneFilePer = List.copyOf(oneFilePer);
	}

	/** The same options without the columns that are no longer among {@code columns}. */
	ReportOptions keeping(Collection<String> columns) {
		return new ReportOptions(this.oneFilePer.stream().filter(columns::contains).toList(), this.warmSessions);
	}

	/**
	 * The same options without the columns that were filters of {@code before} and are
	 * not filters of {@code filters}: a filter removed by an edit leaves this list
	 * instead of making the edit fail. A column that was never a filter stays, for the
	 * rules to refuse.
	 */
	ReportOptions afterRemoving(List<Filter> before, List<Filter> filters) {
		List<String> now = filters.stream().map(Filter::column).toList();
		List<String> removed = before.stream().map(Filter::column).filter((column) -> !now.contains(column)).toList();
		return new ReportOptions(this.oneFilePer.stream().filter((column) -> !removed.contains(column)).toList(),
				this.warmSessions);
	}

}
