package org.pbiexport.imports;

import java.math.BigDecimal;
import java.text.Collator;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * IMPORT-FORMAT.md and sorted as their type sorts (text naturally: {@code Item 2} before
 * {@code Item 10}). The sheet is streamed and only distinct values are kept, at most
 * {@code pbi-export.imports.max-distinct-values} per column.
 */
@Service
public class DataExtracts {

	static final int SAMPLE_SIZE = 5;

	private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	private static final Pattern NUMBER_OR_TEXT = Pattern.compile("\\d+|\\D+");

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
		return scan.columns.values().stream().map(Values::describe).toList();
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
		for (Values values : scan.columns.values()) {
			if (values.tooMany) {
				errors.add(new ImportError(sheet, scan.header.number(), values.name, "",
						"has more than " + this.maxDistinctValues + " different values; a filter needs a list to "
								+ "choose from, so pick a column with fewer values (a category rather than an ID)"));
			}
			else if (values.values.isEmpty()) {
				errors.add(new ImportError(sheet, scan.header.number(), values.name, "", "has no values"));
			}
			else if (!values.formulasWithoutResult) {
				filters.add(values.toFilter(table.strip()));
			}
		}
		return new ImportedFilters(filters, errors, scan.rows, 0);
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
		return new ImportedFilters(kept, imported.errors(), imported.rows(), imported.duplicatesDropped());
	}

	/**
	 * Reads the header, then keeps each tracked column's distinct values in first-seen
	 * order.
	 */
	private static final class Scan {

		private final List<String> chosen;

		private final int limit;

		private final Map<Integer, Values> columns = new LinkedHashMap<>();

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
			for (Map.Entry<Integer, Values> column : this.columns.entrySet()) {
				if (row.formulasWithoutResult().contains(column.getKey())) {
					this.formulasWithoutResult.add(new int[] { row.number(), column.getKey() });
					column.getValue().formulasWithoutResult = true;
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
				byName.forEach((name, index) -> this.columns.put(index, new Values(name, this.limit)));
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
						this.columns.putIfAbsent(byName.get(found), new Values(found, this.limit));
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
				errors.add(new ImportError(sheet, cell[0], this.columns.get(cell[1]).name, "",
						FilterFileReader.FORMULA_WITHOUT_RESULT));
			}
			return errors;
		}

	}

	/** One column's distinct values, up to the limit. */
	private static final class Values {

		private final String name;

		private final int limit;

		private final Set<String> values = new LinkedHashSet<>();

		private boolean tooMany;

		private boolean formulasWithoutResult;

		Values(String name, int limit) {
			this.name = name;
			this.limit = limit;
		}

		void add(String value) {
			if (value.isEmpty() || this.tooMany || this.values.contains(value)) {
				return;
			}
			if (this.values.size() == this.limit) {
				this.tooMany = true;
				return;
			}
			this.values.add(value);
		}

		Column describe() {
			List<String> all = List.copyOf(this.values);
			return new Column(this.name, type(), all.subList(0, Math.min(SAMPLE_SIZE, all.size())), all.size(),
					this.tooMany);
		}

		/**
		 * The inferred type, or text when a value only looks like the type (a 25-digit
		 * ID, a 13th month).
		 */
		FilterType type() {
			if (this.values.isEmpty()) {
				return FilterType.TEXT;
			}
			FilterType type = FilterFileReader.infer(List.copyOf(this.values));
			try {
				parse(type);
				return type;
			}
			catch (IllegalArgumentException ex) {
				return FilterType.TEXT;
			}
		}

		private List<Object> parse(FilterType type) {
			List<Object> typed = new ArrayList<>(this.values.size());
			for (String text : this.values) {
				// A date-time column read from Excel writes its midnights as plain dates.
				String value = (type == FilterType.DATETIME && DATE.matcher(text).matches()) ? text + "T00:00:00"
						: text;
				typed.add(type.parse(FilterFileReader.normaliseBoolean(type, value)));
			}
			return typed;
		}

		Filter toFilter(String table) {
			FilterType type = type();
			List<Object> typed = parse(type);
			Comparator<Object> order = order(type);
			typed.sort(order);
			List<Object> allowed = new ArrayList<>();
			for (Object value : typed) {
				// 5.5 and 5.50 are one decimal value.
				if (allowed.isEmpty() || order.compare(allowed.get(allowed.size() - 1), value) != 0) {
					allowed.add(value);
				}
			}
			return new Filter(this.name, table, this.name, type, false, false, allowed, List.of());
		}

	}

	/**
	 * How values of a type sort: by number, by time, false before true, text naturally.
	 */
	static Comparator<Object> order(FilterType type) {
		return switch (type) {
			case INTEGER -> Comparator.comparing((Object value) -> (Long) value);
			case DECIMAL -> Comparator.comparing((Object value) -> (BigDecimal) value);
			case DATE -> Comparator.comparing((Object value) -> (LocalDate) value);
			case DATETIME -> Comparator.comparing((Object value) -> (LocalDateTime) value);
			case BOOLEAN -> Comparator.comparing((Object value) -> (Boolean) value);
			case TEXT -> Comparator.comparing((Object value) -> (String) value, naturalOrder());
		};
	}

	/**
	 * Text as people sort it: runs of digits by their number ({@code Item 2} before
	 * {@code Item 10}), other text ignoring case and accents, then exactly, so that only
	 * equal strings compare equal.
	 */
	static Comparator<String> naturalOrder() {
		Collator collator = Collator.getInstance(Locale.ROOT);
		collator.setStrength(Collator.PRIMARY);
		Comparator<String> natural = (a, b) -> {
			Matcher left = NUMBER_OR_TEXT.matcher(a);
			Matcher right = NUMBER_OR_TEXT.matcher(b);
			while (left.find()) {
				if (!right.find()) {
					return 1;
				}
				String x = left.group();
				String y = right.group();
				boolean numbers = isDigit(x.charAt(0)) && isDigit(y.charAt(0));
				int result = numbers ? compareNumbers(x, y) : collator.compare(x, y);
				if (result != 0) {
					return result;
				}
			}
			return right.find() ? -1 : 0;
		};
		return natural.thenComparing(Comparator.naturalOrder());
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static int compareNumbers(String x, String y) {
		String a = x.replaceFirst("^0+(?=\\d)", "");
		String b = y.replaceFirst("^0+(?=\\d)", "");
		return (a.length() != b.length()) ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
	}

}
