package org.pbiexport.imports;

import java.util.List;
import java.util.Map;

/**
 * One row of a filter sheet: its cells by canonical column (see {@link FilterColumns}),
 * cleaned, and how to report a problem in one of them, named by the header as the file
 * writes it.
 */
final class FilterRow {

	private final String sheet;

	private final SheetTable.Row row;

	private final Map<String, Integer> columns;

	private final SheetTable.Row header;

	private final List<ImportError> errors;

	FilterRow(String sheet, SheetTable.Row row, Map<String, Integer> columns, SheetTable.Row header,
			List<ImportError> errors) {
		this.sheet = sheet;
		this.row = row;
		this.columns = columns;
		this.header = header;
		this.errors = errors;
	}

	boolean hasColumn(String name) {
		return this.columns.containsKey(name);
	}

	String get(String name) {
		Integer index = this.columns.get(name);
		return (index != null) ? FilterFileReader.clean(this.row.cell(index)) : "";
	}

	String header(String name) {
		Integer index = this.columns.get(name);
		return (index != null) ? this.header.cell(index).strip() : name;
	}

	/**
	 * Reports each cell of a column the importer reads whose formula has no saved result,
	 * as its value is unknown.
	 * @return whether there was one
	 */
	boolean formulasWithoutResult() {
		boolean found = false;
		for (int index : this.row.formulasWithoutResult()) {
			if (this.columns.containsValue(index)) {
				this.errors.add(new ImportError(this.sheet, this.row.number(), this.header.cell(index).strip(), "",
						FilterFileReader.FORMULA_WITHOUT_RESULT));
				found = true;
			}
		}
		return found;
	}

	void error(String column, String value, String message) {
		this.errors.add(new ImportError(this.sheet, this.row.number(), header(column), value, message));
	}

}
