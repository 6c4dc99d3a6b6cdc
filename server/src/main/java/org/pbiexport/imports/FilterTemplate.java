package org.pbiexport.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import org.pbiexport.catalog.FilterType;

/**
 * An empty filter file to fill in: the export's header row (docs/import-format.md), one
 * example row, and drop-downs that offer the allowed words for {@code type},
 * {@code multiple} and {@code required}, so the commonest typing mistakes cannot be made.
 */
final class FilterTemplate {

	static final List<String> EXAMPLE = List.of("", "Year", "year", "Calendar", "integer", "2022\n2023\n2024", "2024",
			"no", "no");

	static final List<String> YES_NO = List.of("yes", "no");

	private FilterTemplate() {
	}

	static byte[] xlsx() {
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = FilterTable.sheet(workbook, FilterTable.HEADER, List.of(EXAMPLE));
			dropDown(sheet, "type", Arrays.stream(FilterType.values()).map(FilterType::wireName).toList());
			dropDown(sheet, "multiple", YES_NO);
			dropDown(sheet, "required", YES_NO);
			sheet.createFreezePane(0, 1);
			workbook.write(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every data cell of the column offers {@code values} and refuses anything else. */
	private static void dropDown(Sheet sheet, String column, List<String> values) {
		int index = FilterTable.HEADER.indexOf(column);
		int lastRow = SpreadsheetVersion.EXCEL2007.getLastRowIndex();
		DataValidationHelper helper = sheet.getDataValidationHelper();
		DataValidation validation = helper.createValidation(
				helper.createExplicitListConstraint(values.toArray(String[]::new)),
				new CellRangeAddressList(1, lastRow, index, index));
		// For .xlsx, POI's "suppress" writes showDropDown=0, which is what shows the
		// arrow.
		validation.setSuppressDropDownArrow(true);
		validation.setEmptyCellAllowed(true);
		validation.setShowErrorBox(true);
		validation.setErrorStyle(DataValidation.ErrorStyle.STOP);
		validation.createErrorBox(column, column + " must be one of " + String.join(", ", values));
		sheet.addValidationData(validation);
	}

}
