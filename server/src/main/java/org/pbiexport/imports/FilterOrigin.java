package org.pbiexport.imports;

import java.util.Map;

/**
 * Where an imported filter came from: the sheet, the row it starts on and the header of
 * each of its fields as the file writes it, so that a problem the catalogue finds with
 * the filter is shown where the person will find it.
 *
 * @param headers the file's header of each field of docs/contract.md's filter
 * ({@code label}, {@code table}, {@code column}, {@code type}, {@code allowed_values},
 * {@code default}); a field without one is named as it is
 */
record FilterOrigin(String sheet, int row, Map<String, String> headers) {

	FilterOrigin {
		headers = Map.copyOf(headers);
	}

	/** A filter whose every field is one column of a sheet, as in a data extract. */
	static FilterOrigin column(String sheet, int row, String column) {
		return new FilterOrigin(sheet, row,
				Map.of("label", column, "column", column, "type", column, "allowed_values", column, "default", column));
	}

	ImportError error(String field, String value, String message) {
		return new ImportError(this.sheet, this.row, this.headers.getOrDefault(field, field), value, message);
	}

}
