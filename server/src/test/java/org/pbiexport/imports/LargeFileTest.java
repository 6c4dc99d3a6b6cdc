package org.pbiexport.imports;

import java.io.ByteArrayOutputStream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.ReportId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 100,000-row one-value-per-row workbook imports in one piece. The sheet is streamed
 * (SAX), so the heap holds the rows' text, not POI's cell objects; the suite's JVM runs
 * it, and {@code -DargLine=-Xmx192m} shows it fits a small heap.
 */
class LargeFileTest {

	@Test
	void aHundredThousandRowsImport() throws Exception {
		byte[] file = workbook(100_000);

		long started = System.nanoTime();
		ImportedFilters result = new FilterFileReader().read("big.xlsx", file,
				new FilterFileReader.Options(new ReportId(1), null));
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(result.errors()).isEmpty();
		assertThat(result.rows()).isEqualTo(100_000);
		assertThat(result.filters()).singleElement()
			.satisfies((filter) -> assertThat(filter.allowedValues()).hasSize(100_000));
		System.out.printf("Imported 100,000 rows (%d KB file) in %d ms, heap max %d MB%n", file.length / 1024, millis,
				Runtime.getRuntime().maxMemory() / 1024 / 1024);
	}

	private static byte[] workbook(int rows) throws Exception {
		try (SXSSFWorkbook workbook = new SXSSFWorkbook(500); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("filters");
			Row header = sheet.createRow(0);
			String[] names = { "filter_label", "column_name", "table_name", "value" };
			for (int i = 0; i < names.length; i++) {
				header.createCell(i).setCellValue(names[i]);
			}
			for (int r = 1; r <= rows; r++) {
				Row row = sheet.createRow(r);
				row.createCell(0).setCellValue("Customer");
				row.createCell(1).setCellValue("customer_id");
				row.createCell(2).setCellValue("Customers");
				row.createCell(3).setCellValue("C-" + r);
			}
			workbook.write(out);
			return out.toByteArray();
		}
	}

}
