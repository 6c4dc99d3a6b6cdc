package org.pbiexport.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportChangedMeanwhile;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.ReportRules;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import org.springframework.stereotype.Service;

/**
 * Imports a filter file into a report: a preview of what would be created, updated (old →
 * new per field), deleted (replace mode) and left unchanged, and, when asked and free of
 * errors, all of it applied in one transaction with the report's version checked.
 */
@Service
public class FilterImports {

	/**
	 * {@code merge} keeps filters the file does not mention; {@code replace} deletes
	 * them.
	 */
	public enum Mode {

		MERGE, REPLACE;

		/**
		 * The mode of its name, any case.
		 * @throws ApiProblem naming the {@code mode} field when it is neither
		 */
		public static Mode of(String name) {
			return switch ((name != null) ? name.strip().toLowerCase(Locale.ROOT) : "") {
				case "merge" -> MERGE;
				case "replace" -> REPLACE;
				default -> throw ApiProblem.invalid(List.of(new FieldProblem("mode",
						"must be merge or replace, got '" + name + "'", List.of("merge", "replace"))));
			};
		}

	}

	/** The largest file an import or data extract may be, from the API or the pages. */
	public static final long MAX_FILE_BYTES = 20L * 1024 * 1024;

	/** {@link #MAX_FILE_BYTES} in words. */
	public static final String MAX_FILE_SIZE = (MAX_FILE_BYTES / 1024 / 1024) + " MB";

	/**
	 * One filter's changed fields: field → {old, new}, and for the lists
	 * ({@code allowed_values}, a multiple filter's {@code default}) also {added,
	 * removed}.
	 */
	public record Change(String column, Map<String, Map<String, Object>> changes) {
	}

	public record Preview(int rows, List<Filter> created, List<Change> updated, List<Filter> deleted,
			List<String> unchanged, List<ImportError> errors, int duplicatesDropped, long version, boolean applied) {
	}

	private final Catalog catalog;

	private final FilterFileReader reader;

	FilterImports(Catalog catalog, FilterFileReader reader) {
		this.catalog = catalog;
		this.reader = reader;
	}

	/**
	 * @param expectedVersion the report version the admin previewed, or null
	 * @param apply whether to write (only when there is no error)
	 */
	public Preview importFile(ReportId id, String fileName, byte[] content, Mode mode, @Nullable String defaultTable,
			@Nullable Long expectedVersion, boolean apply, String actor) {
		Report report = current(id, expectedVersion);
		ImportedFilters imported = this.reader.read(fileName, content, options(id, defaultTable));
		return preview(report, imported, mode, apply, actor);
	}

	/**
	 * The same preview and apply for filters that did not come from a filter file, such
	 * as those {@link DataExtracts} makes from a data extract.
	 * @param expectedVersion the report version the admin previewed, or null
	 * @param apply whether to write (only when {@code imported} has no error)
	 */
	public Preview importFilters(ReportId id, ImportedFilters imported, Mode mode, @Nullable Long expectedVersion,
			boolean apply, String actor) {
		return preview(current(id, expectedVersion), imported, mode, apply, actor);
	}

	/**
	 * The rows of a filter file that fail to import, with an added {@code error} column,
	 * for the admin to fix and import again; just the header when none fails. Read as
	 * {@link #importFile} reads it.
	 */
	public byte[] failedRows(ReportId id, String fileName, byte[] content, @Nullable String defaultTable,
			SheetFormat format) {
		Report report = this.catalog.find(id).orElseThrow(() -> new UnknownReport(id));
		SheetTable table = SpreadsheetReader.read(fileName, content);
		ImportedFilters imported = this.reader.interpret(table, options(id, defaultTable));
		List<ImportError> errors = new ArrayList<>(imported.errors());
		// What the report allows of its filters (boolean ones), as the import says it.
		errors.addAll(RuleErrors.of(ReportRules.check(report.draft().withFilters(imported.filters())),
				imported.filters(), imported.origins()));
		return FailedRows.write(table, errors, format);
	}

	/**
	 * The report's filters in the layout the importer reads, so that importing the file
	 * again in {@code replace} mode changes nothing.
	 */
	public byte[] export(ReportId id, SheetFormat format) {
		Report report = this.catalog.find(id).orElseThrow(() -> new UnknownReport(id));
		return (format == SheetFormat.CSV) ? FilterTable.csv(report) : FilterTable.xlsx(report);
	}

	/**
	 * An empty filter file to start from: the header row, one example row and drop-downs
	 * for {@code type}, {@code multiple} and {@code required}.
	 */
	public byte[] template() {
		return FilterTemplate.xlsx();
	}

	private Report current(ReportId id, @Nullable Long expectedVersion) {
		Report report = this.catalog.find(id).orElseThrow(() -> new UnknownReport(id));
		if (expectedVersion != null && expectedVersion != report.version()) {
			throw new ReportChangedMeanwhile(id, expectedVersion, report.version());
		}
		return report;
	}

	private static FilterFileReader.Options options(ReportId id, @Nullable String defaultTable) {
		return new FilterFileReader.Options(id,
				(defaultTable != null && !defaultTable.isBlank()) ? defaultTable : null);
	}

	private Preview preview(Report report, ImportedFilters imported, Mode mode, boolean apply, String actor) {
		ReportId id = report.id();
		Map<String, Filter> existing = new LinkedHashMap<>();
		report.filters().forEach((filter) -> existing.put(filter.column(), filter));
		List<Filter> created = new ArrayList<>();
		List<Change> updated = new ArrayList<>();
		List<String> unchanged = new ArrayList<>();
		Map<String, Filter> result = new LinkedHashMap<>((mode == Mode.MERGE) ? existing : Map.of());
		for (Filter filter : imported.filters()) {
			Filter old = existing.get(filter.column());
			if (old == null) {
				created.add(filter);
			}
			else if (old.equals(filter)) {
				unchanged.add(filter.column());
			}
			else {
				updated.add(new Change(filter.column(), changes(old, filter)));
			}
			result.put(filter.column(), filter);
		}
		List<Filter> deleted = (mode == Mode.REPLACE)
				? existing.values().stream().filter((filter) -> !result.containsKey(filter.column())).toList()
				: List.of();
		List<Filter> filters = List.copyOf(result.values());
		ReportDraft draft = report.draft().withFilters(filters);
		List<ImportError> errors = new ArrayList<>(imported.errors());
		// The catalogue's rules, on the report as it would be: the same words as the
		// admin
		// API's, at the rows the filters came from.
		errors.addAll(RuleErrors.of(ReportRules.check(draft), filters, imported.origins()));
		boolean write = apply && errors.isEmpty();
		long version = report.version();
		if (write) {
			Report saved = this.catalog.update(id, draft, report.version(), actor);
			version = saved.version();
		}
		return new Preview(imported.rows(), created, updated, deleted, unchanged, errors, imported.duplicatesDropped(),
				version, write);
	}

	private static Map<String, Map<String, Object>> changes(Filter old, Filter now) {
		Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
		change(changes, "label", old.label(), now.label());
		change(changes, "table", old.table(), now.table());
		change(changes, "type", old.type().wireName(), now.type().wireName());
		change(changes, "multiple", old.multiple(), now.multiple());
		change(changes, "required", old.required(), now.required());
		change(changes, "allowed_values", old.allowedValuesJson(), now.allowedValuesJson());
		change(changes, "default", old.defaultJson(), now.defaultJson());
		return changes;
	}

	private static void change(Map<String, Map<String, Object>> changes, String field, Object old, Object now) {
		if (!Objects.equals(old, now)) {
			changes.put(field, ValueDiff.change(old, now));
		}
	}

}
