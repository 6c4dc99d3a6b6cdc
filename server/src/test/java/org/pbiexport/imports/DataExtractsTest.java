package org.pbiexport.imports;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.web.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A data extract (a header row and data rows, as Power BI's "Export data" writes them)
 * lists its columns and turns the chosen ones into filters of their distinct values.
 */
class DataExtractsTest {

	final DataExtracts extracts = new DataExtracts(new ImportProperties(50));

	@Test
	void listsEachColumnWithItsInferredTypeASampleAndHowManyValues() throws Exception {
		List<DataExtracts.Column> columns = this.extracts.columns("export.xlsx", salesExtract(60));

		assertThat(columns).extracting(DataExtracts.Column::name, DataExtracts.Column::type)
			.containsExactly(tuple("Year", FilterType.INTEGER), tuple("Store", FilterType.TEXT),
					tuple("Order Date", FilterType.DATE), tuple("Amount", FilterType.DECIMAL),
					tuple("Online", FilterType.BOOLEAN), tuple("Order ID", FilterType.TEXT),
					tuple("Empty", FilterType.TEXT));
		DataExtracts.Column store = columns.get(1);
		assertThat(store.sample()).containsExactly("Store 2", "Store 1", "Store 10");
		assertThat(store.distinctValues()).isEqualTo(3);
		assertThat(store.tooManyValues()).isFalse();
		DataExtracts.Column orderId = columns.get(5);
		assertThat(orderId.sample()).hasSize(DataExtracts.SAMPLE_SIZE);
		assertThat(orderId.distinctValues()).isEqualTo(50);
		assertThat(orderId.tooManyValues()).isTrue();
		assertThat(columns.get(6).distinctValues()).isZero();
	}

	@Test
	void chosenColumnsBecomeFiltersOfTheirDistinctValuesSortedAsTyped() throws Exception {
		ImportedFilters result = this.extracts.filters("export.xlsx", salesExtract(60),
				List.of("store", "Year", "Order Date", "Amount", "Online"), "Sales");

		assertThat(result.errors()).isEmpty();
		assertThat(result.rows()).isEqualTo(60);
		assertThat(result.filters()).containsExactly(
				new Filter("Store", "Sales", "Store", FilterType.TEXT, false, false,
						List.of("Store 1", "Store 2", "Store 10"), List.of()),
				new Filter("Year", "Sales", "Year", FilterType.INTEGER, false, false, List.of(2022L, 2023L, 2024L),
						List.of()),
				new Filter("Order Date", "Sales", "Order Date", FilterType.DATE, false, false,
						List.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3)),
						List.of()),
				new Filter("Amount", "Sales", "Amount", FilterType.DECIMAL, false, false,
						List.of(new BigDecimal("0.5"), new BigDecimal("10.25"), new BigDecimal("100")), List.of()),
				new Filter("Online", "Sales", "Online", FilterType.BOOLEAN, false, false, List.of(false, true),
						List.of()));
	}

	@Test
	void refreshingAFiltersValuesFromDataKeepsWhatTheAdminSetOnIt() {
		byte[] extract = "Region,Units\nNorth,1\nEast,2\nNorth,3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		org.pbiexport.catalog.Filter region = new org.pbiexport.catalog.Filter("Sales region", "Geography", "Region",
				org.pbiexport.catalog.FilterType.TEXT, true, true, List.of("North", "South"),
				List.of("North", "South"));
		org.pbiexport.catalog.Report report = new org.pbiexport.catalog.Report(new org.pbiexport.catalog.ReportId(1),
				"R", "", "/demo/report", "demo", "url", org.pbiexport.catalog.RenderSettings.DEFAULTS, true,
				List.of(new org.pbiexport.catalog.Page("P1", "P1", 1, 1280, 720)), List.of(region),
				java.time.Instant.EPOCH, java.time.Instant.EPOCH, "t", 1);

		ImportedFilters refreshed = DataExtracts.keepingSettingsOf(report,
				this.extracts.filters("export.csv", extract, List.of("Region", "Units"), "Geography"));

		org.pbiexport.catalog.Filter kept = refreshed.filters().get(0);
		assertThat(kept.label()).isEqualTo("Sales region");
		assertThat(kept.multiple()).isTrue();
		assertThat(kept.required()).isTrue();
		assertThat(kept.allowedValues()).containsExactly("East", "North");
		assertThat(kept.defaults()).containsExactly("North");
		org.pbiexport.catalog.Filter units = refreshed.filters().get(1);
		assertThat(units.label()).isEqualTo("Units");
		assertThat(units.multiple()).isFalse();
	}

	@Test
	void aColumnWithTooManyValuesOrNoneIsAnErrorNamingIt() throws Exception {
		ImportedFilters result = this.extracts.filters("export.xlsx", salesExtract(60),
				List.of("Order ID", "Empty", "Year"), "Sales");

		assertThat(result.errors()).extracting(ImportError::row, ImportError::column)
			.containsExactly(tuple(1, "Order ID"), tuple(1, "Empty"));
		assertThat(result.errors().get(0).message()).startsWith("has more than 50 different values");
		assertThat(result.errors().get(1).message()).isEqualTo("has no values");
		assertThat(result.filters()).extracting(Filter::column).containsExactly("Year");
	}

	@Test
	void aCsvExtractWithSemicolonsCommasInAHeaderAndDateTimes() {
		byte[] csv = ("\uFEFFMonth;Sales, net;Shipped;Product\n" + "10;5.50;2024-01-31T08:00:00;Tea\n"
				+ "2;5.5;2024-01-31;Coffee\n" + "1;7;2024-02-01T17:30:00;tea\n" + "2; 5.50 ;2024-01-31;Coffee\n")
			.getBytes(StandardCharsets.UTF_8);

		ImportedFilters byComma = this.extracts.filters("export.csv", csv, List.of("Month,Product"), "Sales");
		ImportedFilters spelt = this.extracts.filters("export.csv", csv, List.of("Sales, net", "Shipped"), "Sales");

		assertThat(byComma.filters()).extracting(Filter::column, Filter::allowedValues)
			.containsExactly(tuple("Month", List.of(1L, 2L, 10L)), tuple("Product", List.of("Coffee", "Tea", "tea")));
		assertThat(spelt.errors()).isEmpty();
		assertThat(spelt.filters().get(0).allowedValues()).containsExactly(new BigDecimal("5.50"), new BigDecimal("7"));
		assertThat(spelt.filters().get(1).type()).isEqualTo(FilterType.DATETIME);
		assertThat(spelt.filters().get(1).allowedValues()).containsExactly(LocalDateTime.of(2024, 1, 31, 0, 0),
				LocalDateTime.of(2024, 1, 31, 8, 0), LocalDateTime.of(2024, 2, 1, 17, 30));
	}

	@Test
	void requestMistakesAreProblemsNamingTheField() throws Exception {
		byte[] file = salesExtract(5);

		assertThatThrownBy(() -> this.extracts.filters("export.xlsx", file, List.of("Year", "Region"), "Sales"))
			.isInstanceOfSatisfying(ApiProblem.class, (problem) -> {
				assertThat(problem.errors()).singleElement().satisfies((error) -> {
					assertThat(error.field()).isEqualTo("columns");
					assertThat(error.message()).contains("'Region'");
					assertThat(List.<Object>copyOf(error.allowedValues())).containsExactly("Year", "Store",
							"Order Date", "Amount", "Online", "Order ID", "Empty");
				});
			});
		assertThatThrownBy(() -> this.extracts.filters("export.xlsx", file, List.of("Year"), " "))
			.isInstanceOfSatisfying(ApiProblem.class,
					(problem) -> assertThat(problem.errors().get(0).field()).isEqualTo("table"));
		assertThatThrownBy(() -> this.extracts.filters("export.xlsx", file, List.of(), "Sales")).isInstanceOfSatisfying(
				ApiProblem.class, (problem) -> assertThat(problem.errors().get(0).field()).isEqualTo("columns"));
	}

	@Test
	void textSortsNaturallyIgnoringCaseAndAccentsThenExactly() {
		List<String> names = new java.util.ArrayList<>(
				List.of("Item 10", "item 2", "Zürich", "Item 1", "apple", "Zagreb", "Item 02b", "Item 2"));

		names.sort(ValueOrder.naturalOrder());

		assertThat(names).containsExactly("apple", "Item 1", "Item 2", "item 2", "Item 02b", "Item 10", "Zagreb",
				"Zürich");
	}

	@Test
	void aLargeExtractIsStreamedKeepingOnlyDistinctValues() throws Exception {
		DataExtracts extracts = new DataExtracts(new ImportProperties(10_000));
		byte[] file = salesExtract(30_000);

		long started = System.nanoTime();
		ImportedFilters result = extracts.filters("big.xlsx", file, List.of("Store", "Order ID"), "Sales");
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(result.rows()).isEqualTo(30_000);
		assertThat(result.filters()).extracting(Filter::column).containsExactly("Store");
		assertThat(result.errors()).singleElement()
			.satisfies((error) -> assertThat(error.message()).startsWith("has more than 10000 different values"));
		System.out.printf("Read a 30,000-row extract (%d KB) in %d ms%n", file.length / 1024, millis);
	}

	/**
	 * An extract of {@code rows} sales: three stores, three years, three dates, three
	 * amounts, a yes/no flag, a unique order ID and an empty column.
	 */
	static byte[] salesExtract(int rows) throws Exception {
		try (SXSSFWorkbook workbook = new SXSSFWorkbook(500); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("Export");
			CellStyle date = workbook.createCellStyle();
			date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
			Row header = sheet.createRow(0);
			List<String> names = List.of("Year", "Store", "Order Date", "Amount", "Online", "Order ID", "Empty");
			for (int i = 0; i < names.size(); i++) {
				header.createCell(i).setCellValue(names.get(i));
			}
			String[] stores = { "Store 10", "Store 2", "Store 1" };
			double[] amounts = { 10.25, 100, 0.5 };
			for (int r = 1; r <= rows; r++) {
				Row row = sheet.createRow(r);
				row.createCell(0).setCellValue(2022 + (r % 3));
				row.createCell(1).setCellValue(stores[r % 3]);
				row.createCell(2).setCellValue(LocalDate.of(2024, 1, 1 + (r % 3)));
				row.getCell(2).setCellStyle(date);
				row.createCell(3).setCellValue(amounts[r % 3]);
				row.createCell(4).setCellValue((r % 2 == 0) ? "yes" : "No");
				row.createCell(5).setCellValue("O-" + r);
			}
			workbook.write(out);
			return out.toByteArray();
		}
	}

}
