package org.pbiexport.imports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.ReportId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Formula cells read as their saved result; a formula that was never calculated (a file
 * written by a program, not saved by Excel) is an error naming the cell, never an empty
 * value.
 */
class FormulaCellsTest {

	final FilterFileReader reader = new FilterFileReader();

	final FilterFileReader.Options intoReport1 = new FilterFileReader.Options(new ReportId(1), "Data");

	@Test
	void aFormulaWithoutASavedResultIsAnErrorForItsCell() throws Exception {
		byte[] file = workbook(false);

		ImportedFilters result = this.reader.read("calculated.xlsx", file, this.intoReport1);

		assertThat(result.errors()).singleElement().satisfies((error) -> {
			assertThat(error.sheet()).isEqualTo("filters");
			assertThat(error.row()).isEqualTo(3);
			assertThat(error.column()).isEqualTo("allowed_values");
			assertThat(error.message())
				.isEqualTo("formula without a saved result; open and save the file in Excel, or paste values");
		});
		assertThat(result.filters()).extracting((filter) -> filter.column()).containsExactly("year");
	}

	@Test
	void aFormulaWithASavedResultIsReadAsThatResult() throws Exception {
		byte[] file = workbook(true);

		ImportedFilters result = this.reader.read("calculated.xlsx", file, this.intoReport1);

		assertThat(result.errors()).isEmpty();
		assertThat(result.filters().get(1).type()).isEqualTo(FilterType.INTEGER);
		assertThat(result.filters().get(1).allowedValues()).containsExactly(12L);
	}

	@Test
	void aRowWhoseOnlyCellIsAFormulaWithoutResultIsNotSkippedAsBlank() throws Exception {
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("filters");
			header(sheet);
			sheet.createRow(1).createCell(1).setCellFormula("LOWER(\"YEAR\")");
			workbook.write(out);

			ImportedFilters result = this.reader.read("only-formula.xlsx", out.toByteArray(), this.intoReport1);

			assertThat(result.errors()).singleElement().satisfies((error) -> {
				assertThat(error.row()).isEqualTo(2);
				assertThat(error.column()).isEqualTo("column_name");
				assertThat(error.message()).startsWith("formula without a saved result");
			});
		}
	}

	@Test
	void anEmptySavedResultAsOpenpyxlWritesIsNoResultEither() throws Exception {
		byte[] file = rewriteSheet(workbook(false), (xml) -> xml.replace("<f>3*4</f>", "<f>3*4</f><v/>"));

		ImportedFilters result = this.reader.read("openpyxl.xlsx", file, this.intoReport1);

		assertThat(new String(entry(file, "xl/worksheets/sheet1.xml"), StandardCharsets.UTF_8))
			.contains("<f>3*4</f><v/>");
		assertThat(result.errors()).extracting(ImportError::row, ImportError::column)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(3, "allowed_values"));
	}

	@Test
	void theSheetReaderSeesTheFormulaCellAsEmptyButMarked() throws Exception {
		SheetTable table = SpreadsheetReader.read("calculated.xlsx", workbook(false));

		SheetTable.Row row = table.rows().get(2);
		assertThat(row.cell(3)).isEmpty();
		assertThat(row.formulasWithoutResult()).containsExactly(3);
		assertThat(table.rows().get(1).formulasWithoutResult()).isEmpty();
	}

	/**
	 * Two filters; the second's allowed values are {@code =3*4}, calculated and saved
	 * only when {@code calculate}.
	 */
	private static byte[] workbook(boolean calculate) throws Exception {
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("filters");
			header(sheet);
			Row year = sheet.createRow(1);
			List<String> values = List.of("Year", "year", "Calendar", "2022;2023");
			for (int i = 0; i < values.size(); i++) {
				year.createCell(i).setCellValue(values.get(i));
			}
			Row months = sheet.createRow(2);
			months.createCell(0).setCellValue("Months");
			months.createCell(1).setCellValue("months");
			months.createCell(2).setCellValue("Calendar");
			months.createCell(3).setCellFormula("3*4");
			if (calculate) {
				workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
			}
			workbook.write(out);
			return out.toByteArray();
		}
	}

	private static byte[] rewriteSheet(byte[] xlsx, UnaryOperator<String> change) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx));
				ZipOutputStream zip = new ZipOutputStream(out)) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				byte[] content = in.readAllBytes();
				if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
					content = change.apply(new String(content, StandardCharsets.UTF_8))
						.getBytes(StandardCharsets.UTF_8);
				}
				zip.putNextEntry(new ZipEntry(entry.getName()));
				zip.write(content);
				zip.closeEntry();
			}
		}
		return out.toByteArray();
	}

	static byte[] entry(byte[] zip, String name) throws Exception {
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (entry.getName().equals(name)) {
					return in.readAllBytes();
				}
			}
		}
		throw new IllegalStateException(name);
	}

	private static void header(Sheet sheet) {
		Row header = sheet.createRow(0);
		List<String> names = List.of("filter_label", "column_name", "table_name", "allowed_values");
		for (int i = 0; i < names.size(); i++) {
			header.createCell(i).setCellValue(names.get(i));
		}
	}

}
