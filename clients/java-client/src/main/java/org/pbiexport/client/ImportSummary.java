package org.pbiexport.client;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a filter-file import did, or would do in a dry run ({@code POST
 * /api/admin/reports/{id}/filters/import}).
 *
 * @param rows rows read
 * @param created filters created
 * @param updated filters changed
 * @param deleted filters deleted ({@code replace} mode)
 * @param unchanged filters left as they were
 * @param errors rows that cannot be imported; with any, nothing is written
 * @param applied whether anything was written
 * @param version the report's version afterwards, when known
 */
public record ImportSummary(int rows, int created, int updated, int deleted, int unchanged, List<RowError> errors,
		boolean applied, @Nullable Integer version) {

	/**
	 * A row of the file that cannot be imported.
	 *
	 * @param sheet the sheet
	 * @param row the row number as a spreadsheet shows it
	 * @param column the header at fault
	 * @param value the cell's text
	 * @param message what is wrong
	 */
	public record RowError(String sheet, int row, String column, String value, String message) {

	}

}
