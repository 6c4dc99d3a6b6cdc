package org.pbiexport.imports;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.ReportId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failed rows of an import come back as the file had them, with an {@code error}
 * column, so the admin can fix them where they are and import again.
 */
class FailedRowsTest {

	final FilterFileReader reader = new FilterFileReader();

	final FilterFileReader.Options intoReport1 = new FilterFileReader.Options(new ReportId(1), "Data");

	@Test
	void theFourKindsOfErrorComeBackAsFourRowsWithTheInputsColumnsAndAnErrorColumn() throws Exception {
		byte[] file = Files.readAllBytes(FilterFileReaderTest.FIXTURES.resolve("errors-four-kinds.xlsx"));

		List<List<String>> rows = readXlsx(failedRows("errors-four-kinds.xlsx", file, SheetFormat.XLSX));

		assertThat(rows.get(0)).containsExactly("filter_label", "column_name", "table_name", "type", "allowed_values",
				"default", "error");
		assertThat(rows).hasSize(5);
		assertThat(rows.get(1)).startsWith("Year", "year", "Calendar", "integer", "2022;2023;abc", "2023");
		assertThat(rows.get(1).get(6)).startsWith("row 2, allowed_values 'abc': must be a whole number");
		assertThat(rows.get(2).get(6)).startsWith("row 3, default 'West': must be one of the allowed values");
		assertThat(rows.get(3)).startsWith("", "segment", "Customers");
		assertThat(rows.get(3).get(6)).startsWith("row 4, filter_label: a label is required");
		assertThat(rows.get(4)).startsWith("Year again", "year");
		assertThat(rows.get(4).get(6)).startsWith("row 5, column_name 'year': the column 'year' already has a filter");
	}

	@Test
	void theFailedRowsFileImportsAgainWithTheSameErrorsAndOneErrorColumn() throws Exception {
		byte[] file = Files.readAllBytes(FilterFileReaderTest.FIXTURES.resolve("errors-four-kinds.xlsx"));
		byte[] failed = failedRows("errors-four-kinds.xlsx", file, SheetFormat.XLSX);

		ImportedFilters again = this.reader.read("failed.xlsx", failed, this.intoReport1);
		byte[] failedAgain = failedRows("failed.xlsx", failed, SheetFormat.XLSX);

		assertThat(again.errors()).extracting(ImportError::row).containsExactlyInAnyOrder(2, 3, 4, 5);
		List<List<String>> rows = readXlsx(failedAgain);
		assertThat(rows.get(0)).containsOnlyOnce("error").hasSize(7);
		assertThat(rows.get(1).get(6)).doesNotContain("\nrow 2").startsWith("row 2, allowed_values");
	}

	@Test
	void formulaLikeValuesAreNeutralisedInCsvAndStayTextInXlsx() throws Exception {
		byte[] csv = ("filter_label,column_name,table_name,type,allowed_values\n"
				+ "=cmd|' /C calc'!A0,owner,Store,integer,@risk;-1+2\n" + "Fine,fine,Store,text,a;b\n")
			.getBytes(StandardCharsets.UTF_8);

		String failedCsv = new String(failedRows("owners.csv", csv, SheetFormat.CSV), StandardCharsets.UTF_8);
		byte[] failedXlsx = failedRows("owners.csv", csv, SheetFormat.XLSX);

		assertThat(failedCsv).startsWith("\uFEFFfilter_label,column_name,table_name,type,allowed_values,error")
			.contains("'=cmd|' /C calc'!A0,owner,Store,integer,'@risk;-1+2,")
			.doesNotContain("Fine")
			.doesNotContain(",=")
			.doesNotContain(",@")
			.doesNotContain("\n=");
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(failedXlsx))) {
			for (Row row : workbook.getSheetAt(0)) {
				for (Cell cell : row) {
					assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
				}
			}
			assertThat(workbook.getSheetAt(0).getRow(1).getCell(0).getStringCellValue())
				.isEqualTo("=cmd|' /C calc'!A0");
		}
	}

	@Test
	void inTheOneValuePerRowLayoutEveryRowOfAFailingFilterComesAlong() {
		byte[] csv = ("filter_label;column_name;table_name;type;value\n" + "Year;year;Calendar;integer;2022\n"
				+ "Year;year;Calendar;integer;twenty\n" + "Region;region;Geo;text;North\n"
				+ "Year;year;Calendar;integer;2024\n")
			.getBytes(StandardCharsets.UTF_8);

		String failed = new String(failedRows("values.csv", csv, SheetFormat.CSV), StandardCharsets.UTF_8);

		assertThat(failed.lines().toList()).hasSize(4)
			.anySatisfy((line) -> assertThat(line).startsWith("Year,year,Calendar,integer,2022,row 2: another row"))
			.anySatisfy((line) -> assertThat(line)
				.startsWith("Year,year,Calendar,integer,twenty,\"row 3, value 'twenty': must be a whole number"))
			.anySatisfy((line) -> assertThat(line).startsWith("Year,year,Calendar,integer,2024,row 5: another row"))
			.noneSatisfy((line) -> assertThat(line).contains("North"));
	}

	@Test
	void aHeaderProblemFailsEveryRowAndAFileWithoutErrorsGivesJustTheHeader() throws Exception {
		byte[] noTable = Files.readAllBytes(FilterFileReaderTest.FIXTURES.resolve("seed-four-columns.xlsx"));
		byte[] fine = Files.readAllBytes(FilterFileReaderTest.FIXTURES.resolve("pandas-one-row-per-value.xlsx"));

		List<List<String>> failed = readXlsx(failedRows("seed.xlsx", noTable, SheetFormat.XLSX, null));
		List<List<String>> none = readXlsx(failedRows("pandas.xlsx", fine, SheetFormat.XLSX));

		assertThat(failed).hasSize(3);
		assertThat(failed.subList(1, 3)).allSatisfy((row) -> assertThat(row.get(row.size() - 1))
			.startsWith("row 1, table_name (or a default table for the import): the header row lacks"));
		assertThat(none).hasSize(1);
		assertThat(none.get(0)).endsWith("error");
	}

	private byte[] failedRows(String name, byte[] content, SheetFormat format) {
		return failedRows(name, content, format, "Data");
	}

	private byte[] failedRows(String name, byte[] content, SheetFormat format, String defaultTable) {
		SheetTable table = SpreadsheetReader.read(name, content);
		ImportedFilters imported = this.reader.interpret(table,
				new FilterFileReader.Options(new ReportId(1), defaultTable));
		return FailedRows.write(table, imported.errors(), format);
	}

	static List<List<String>> readXlsx(byte[] content) throws Exception {
		List<List<String>> rows = new ArrayList<>();
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(content))) {
			Sheet sheet = workbook.getSheetAt(0);
			for (Row row : sheet) {
				List<String> cells = new ArrayList<>();
				for (int i = 0; i < row.getLastCellNum(); i++) {
					Cell cell = row.getCell(i);
					cells.add((cell != null) ? cell.getStringCellValue() : "");
				}
				rows.add(cells);
			}
		}
		return rows;
	}

}
