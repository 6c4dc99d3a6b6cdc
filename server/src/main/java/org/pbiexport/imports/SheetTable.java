package org.pbiexport.imports;

import java.util.List;

/**
 * The cells of one sheet as text, rows numbered as the spreadsheet shows them. Number
 * cells are written without a needless fraction ({@code 2023}, not {@code 2023.0}), date
 * cells as ISO {@code 2024-01-31} (or {@code 2024-01-31T08:30:00} when they have a time),
 * booleans as {@code TRUE}/{@code FALSE}, formulas as their cached value. A formula
 * without a cached value reads as an empty cell and its column is listed in
 * {@link Row#formulasWithoutResult()}, so the importer can say so.
 */
record SheetTable(String sheet, List<Row> rows) {

	record Row(int number, List<String> cells, List<Integer> formulasWithoutResult) {

		Row {
			formulasWithoutResult = List.copyOf(formulasWithoutResult);
		}

		Row(int number, List<String> cells) {
			this(number, cells, List.of());
		}

		String cell(int index) {
			return (index >= 0 && index < this.cells.size() && this.cells.get(index) != null) ? this.cells.get(index)
					: "";
		}

		boolean blank() {
			return this.formulasWithoutResult.isEmpty()
					&& this.cells.stream().allMatch((cell) -> cell == null || cell.isBlank());
		}

	}

}
