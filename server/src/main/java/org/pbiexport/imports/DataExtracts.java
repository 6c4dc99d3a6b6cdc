package org.pbiexport.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import org.springframework.stereotype.Service;

/**
 * The third way in: a data extract (what Power BI's "Export data" writes, .xlsx or .csv,
 * a header row of column names and data rows) becomes filters, one per column the admin
 * picks, whose allowed values are the column's distinct values, typed by the rules of
 * docs/import-format.md and sorted as their type sorts (text naturally: {@code Item 2}
 * before {@code Item 10}). The sheet is streamed and only distinct values are kept, at
 * most {@code pbi-export.imports.max-distinct-values} per column, by a
 * {@link DistinctValues} each.
 */
@Service
public class DataExtracts {

	static final int SAMPLE_SIZE = 5;

	/**
	 * One column of an extract: its header, the type its values infer to, the first few
	 * distinct values, and how many distinct values it has (counted up to the limit;
	 * {@code tooManyValues} when there are more).
	 */
	public record Column(String name, FilterType type, List<String> sample, int distinctValues, boolean tooManyValues) {

		public Column {
			sample = List.copyOf(sample);
		}

	}

	private final int maxDistinctValues;

	DataExtracts(ImportProperties properties) {
		this.maxDistinctValues = properties.maxDistinctValues();
	}

	/** Every column with a header, in the extract's order. */
	public List<Column> columns(String fileName, byte[] content) {
		Scan scan = new Scan(null, this.maxDistinctValues);
		SpreadsheetReader.read(fileName, content, scan::row);
		return scan.columns.values().stream().map(DistinctValues::describe).toList();
	}

	/**
	 * The chosen columns as filters on {@code table}, ready for
	 * {@link FilterImports#importFilters}: label and column are the header, the allowed
	 * values the column's distinct values. A column with too many values or none, or with
	 * a formula without a saved result, is an error and gives no filter.
	 * @param columns headers of the extract, any case; one may name several separated by
	 * commas
	 * @throws ApiProblem when a chosen column is not in the extract or no column or table
	 * is given
	 */
	public ImportedFilters filters(String fileName, byte[] content, List<String> columns, String table) {
		List<String> chosen = (columns != null)
				? columns.stream().map(FilterFileReader::clean).filter((c) -> !c.isEmpty()).distinct().toList()
				: List.of();
		if (chosen.isEmpty()) {
			throw ApiProblem.invalid("columns", "pick at least one column of the extract to make a filter of");
		}
		if (table == null || table.isBlank()) {
			throw ApiProblem.invalid("table", "the Power BI table the columns belong to is required, such as Sales");
		}
		Scan scan = new Scan(chosen, this.maxDistinctValues);
		String sheet = SpreadsheetReader.read(fileName, content, scan::row);
		if (scan.header == null) {
			throw ApiProblem.invalid("file", "the extract is empty: expected a header row of column names and rows of "
					+ "data, as Power BI's Export data writes them");
		}
		List<ImportError> errors = new ArrayList<>(scan.errors(sheet));
		List<Filter> filters = new ArrayList<>();
		Map<String, FilterOrigin> origins = new LinkedHashMap<>();
		for (DistinctValues values : scan.columns.values()) {
			if (values.tooMany()) {
				errors.add(new ImportError(sheet, scan.header.number(), values.name(), "",
						"has more than " + this.maxDistinctValues + " different values; a filter needs a list to "
								+ "choose from, so pick a column with fewer values (a category rather than an ID)"));
			}
			else if (values.isEmpty()) {
				errors.add(new ImportError(sheet, scan.header.number(), values.name(), "", "has no values"));
			}
			else if (!values.formulasWithoutResult()) {
				Filter filter = values.toFilter(table.strip());
				filters.add(filter);
				origins.put(filter.column(), FilterOrigin.column(sheet, scan.header.number(), values.name()));
			}
		}
		return new ImportedFilters(filters, errors, scan.rows, 0, origins);
	}

	/**
	 * The chosen columns as filters of {@code report}: {@link #filters}, keeping what the
	 * admin set on the report's filters of the same columns ({@link #keepingSettingsOf}).
	 */
	public ImportedFilters filtersFor(Report report, String fileName, byte[] content, List<String> columns,
			String table) {
		return keepingSettingsOf(report, filters(fileName, content, columns, table));
	}

	/**
	 * Filters made from an extract, keeping what the admin set on the report's filters of
	 * the same columns: label, multiple, required and the defaults that are still
	 * allowed. Refreshing a filter's values from data then changes only its values.
	 */
	public static ImportedFilters keepingSettingsOf(Report report, ImportedFilters imported) {
		List<Filter> kept = imported.filters().stream().map((filter) -> report.filter(filter.column()).map((old) -> {
			List<Object> defaults = old.defaults()
				.stream()
				.map(filter::allowedValue)
				.flatMap(java.util.Optional::stream)
				.toList();
			return new Filter(old.label(), filter.table(), filter.column(), filter.type(), old.multiple(),
					old.required(), filter.allowedValues(), defaults);
		}).orElse(filter)).toList();
		return new ImportedFilters(kept, imported.errors(), imported.rows(), imported.duplicatesDropped(),
				imported.origins());
	}

	/**
	 * Reads the header, then keeps each tracked column's distinct values in first-seen
	 * order.
	 */
	private static final class Scan {

		private final List<String> chosen;

		private final int limit;

		private final Map<Integer, DistinctValues> columns = new LinkedHashMap<>();

		private final List<int[]> formulasWithoutResult = new ArrayList<>();

		private SheetTable.Row header;

		private int rows;

		Scan(List<String> chosen, int limit) {
			this.chosen = chosen;
			this.limit = limit;
		}

		void row(SheetTable.Row row) {
			if (this.header == null) {
				this.header = row;
				track(row);
				return;
			}
			this.rows++;
			for (Map.Entry<Integer, DistinctValues> column : this.columns.entrySet()) {
				if (row.formulasWithoutResult().contains(column.getKey())) {
					this.formulasWithoutResult.add(new int[] { row.number(), column.getKey() });
					column.getValue().formulaWithoutResult();
				}
				else {
					column.getValue().add(FilterFileReader.clean(row.cell(column.getKey())));
				}
			}
		}

		private void track(SheetTable.Row header) {
			Map<String, Integer> byName = new LinkedHashMap<>();
			for (int i = 0; i < header.cells().size(); i++) {
				String name = FilterFileReader.clean(header.cell(i));
				if (!name.isEmpty()) {
					byName.putIfAbsent(name, i);
				}
			}
			if (this.chosen == null) {
				byName.forEach((name, index) -> this.columns.put(index, new DistinctValues(name, this.limit)));
				return;
			}
			List<String> unknown = new ArrayList<>();
			for (String requested : this.chosen) {
				// "Year,Region" names two columns, unless a header is spelt like that.
				List<String> names = (find(byName, requested) == null && requested.contains(","))
						? List.of(requested.split(",")) : List.of(requested);
				for (String name : names) {
					String found = find(byName, FilterFileReader.clean(name));
					if (found == null) {
						unknown.add(FilterFileReader.clean(name));
					}
					else {
						this.columns.putIfAbsent(byName.get(found), new DistinctValues(found, this.limit));
					}
				}
			}
			if (!unknown.isEmpty()) {
				throw ApiProblem.invalid(
						List.of(new FieldProblem("columns",
								"the extract has no column named '" + String.join("', '", unknown)
										+ "'; its columns are listed in allowed_values",
								List.copyOf(byName.keySet()))));
			}
		}

		/** The header spelt {@code name}, exactly or else in another case. */
		private static String find(Map<String, Integer> byName, String name) {
			return byName.containsKey(name) ? name
					: byName.keySet().stream().filter((key) -> key.equalsIgnoreCase(name)).findFirst().orElse(null);
		}

		List<ImportError> errors(String sheet) {
			List<ImportError> errors = new ArrayList<>();
			for (int[] cell : this.formulasWithoutResult) {
				errors.add(new ImportError(sheet, cell[0], this.columns.get(cell[1]).name(), "",
						FilterFileReader.FORMULA_WITHOUT_RESULT));
			}
			return errors;
		}

	}

}
