package org.pbiexport.imports;

/**
 * One problem in an imported file, where the person will find it: the sheet, the row
 * number as the spreadsheet shows it, the column's header, the value, and what was
 * expected.
 */
public record ImportError(String sheet, int row, String column, String value, String message) {

}
