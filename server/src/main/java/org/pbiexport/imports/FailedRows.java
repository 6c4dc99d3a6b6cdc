package org.pbiexport.imports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of a filter file that failed, as the file had them, with an {@code error}
 * column saying what is wrong (docs/import-format.md, Errors): the admin fixes them there
 * and imports again. A problem with the header row fails every row. In the
 * one-value-per-row layout a filter is imported with all of its rows or not at all, so
 * every row of a filter that has an error comes along, or importing the fixed rows would
 * leave the filter with only those values.
 */
final class FailedRows {

	static final String ERROR_COLUMN = "error";

	private FailedRows() {
	}

	static byte[] write(SheetTable table, List<ImportError> errors, SheetFormat format) {
		List<SheetTable.Row> rows = table.rows();
		if (rows.isEmpty()) {
			return write(List.of(ERROR_COLUMN), List.of(), format);
		}
		SheetTable.Row header = rows.get(0);
		List<SheetTable.Row> data = rows.subList(1, rows.size());
		Map<Integer, List<String>> problems = new LinkedHashMap<>();
		List<String> headerProblems = new ArrayList<>();
		for (ImportError error : errors) {
			if (error.row() == header.number()) {
				headerProblems.add(describe(error));
			}
			else {
				problems.computeIfAbsent(error.row(), (row) -> new ArrayList<>()).add(describe(error));
			}
		}
		if (!headerProblems.isEmpty()) {
			data.forEach((row) -> problems.computeIfAbsent(row.number(), (n) -> new ArrayList<>())
				.addAll(0, headerProblems));
		}
		addRowsOfFailedFilters(header, data, problems);
		int previousErrors = previousErrorColumn(header);
		int width = header.cells().size();
		List<List<String>> failed = new ArrayList<>();
		for (SheetTable.Row row : data) {
			List<String> messages = problems.get(row.number());
			if (messages != null) {
				width = Math.max(width, row.cells().size());
			}
		}
		for (SheetTable.Row row : data) {
			List<String> messages = problems.get(row.number());
			if (messages != null) {
				failed.add(withError(row, width, previousErrors, String.join("\n", messages)));
			}
		}
		List<String> headerCells = new ArrayList<>(cells(header, width, previousErrors));
		headerCells.add(ERROR_COLUMN);
		return write(headerCells, failed, format);
	}

	private static void addRowsOfFailedFilters(SheetTable.Row header, List<SheetTable.Row> data,
			Map<Integer, List<String>> problems) {
		Map<String, Integer> columns = FilterColumns.columns(header);
		Integer column = columns.get("column_name");
		if (columns.containsKey("allowed_values") || !columns.containsKey("value") || column == null) {
			return;
		}
		Set<String> failedFilters = new HashSet<>();
		for (SheetTable.Row row : data) {
			if (problems.containsKey(row.number())) {
				failedFilters.add(FilterFileReader.clean(row.cell(column)));
			}
		}
		for (SheetTable.Row row : data) {
			String filter = FilterFileReader.clean(row.cell(column));
			if (!problems.containsKey(row.number()) && !filter.isEmpty() && failedFilters.contains(filter)) {
				problems.put(row.number(),
						new ArrayList<>(List.of("row " + row.number() + ": another row of the filter '" + filter
								+ "' has an error; a filter's rows are imported together")));
			}
		}
	}

	/** {@code row 7, allowed_values 'abc': must be a whole number …} */
	private static String describe(ImportError error) {
		StringBuilder text = new StringBuilder("row ").append(error.row());
		if (!error.column().isEmpty()) {
			text.append(", ").append(error.column());
		}
		if (!error.value().isEmpty()) {
			text.append(" '").append(error.value()).append("'");
		}
		return text.append(": ").append(error.message()).toString();
	}

	/**
	 * The {@code error} column of a failed-rows file imported again, which the new one
	 * replaces; -1 when there is none.
	 */
	private static int previousErrorColumn(SheetTable.Row header) {
		for (int i = 0; i < header.cells().size(); i++) {
			if (header.cell(i).strip().equalsIgnoreCase(ERROR_COLUMN)) {
				return i;
			}
		}
		return -1;
	}

	private static List<String> withError(SheetTable.Row row, int width, int skip, String error) {
		List<String> cells = cells(row, width, skip);
		cells.add(error);
		return cells;
	}

	private static List<String> cells(SheetTable.Row row, int width, int skip) {
		List<String> cells = new ArrayList<>(width);
		for (int i = 0; i < width; i++) {
			if (i != skip) {
				cells.add(row.cell(i));
			}
		}
		return cells;
	}

	private static byte[] write(List<String> header, List<List<String>> rows, SheetFormat format) {
		return switch (format) {
			case XLSX -> FilterTable.xlsx(header, rows);
			case CSV -> FilterTable.csv(header, rows);
		};
	}

}
