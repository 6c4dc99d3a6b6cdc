package org.pbiexport.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.ReportId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every file of the frozen fixture set (made by openpyxl, pandas, LibreOffice and
 * Excel-like tools) reads as exactly the filters and typed values it means.
 */
class FilterFileReaderTest {

	static final Path FIXTURES = Path.of("src/test/resources/fixtures/imports");

	final FilterFileReader reader = new FilterFileReader();

	final FilterFileReader.Options intoReport1 = new FilterFileReader.Options(new ReportId(1), "Data");

	@Test
	void theSeedsFourColumnsWithADefaultTable() {
		for (String file : List.of("seed-four-columns.xlsx", "legacy-excel-97.xls")) {
			ImportedFilters result = read(file, this.intoReport1);

			assertThat(result.errors()).as(file).isEmpty();
			assertThat(result.filters()).as(file)
				.containsExactly(
						new Filter("Year", "Data", "year", FilterType.INTEGER, false, false,
								List.of(2022L, 2023L, 2024L), List.of()),
						new Filter("Region", "Data", "region", FilterType.TEXT, false, false,
								List.of("North", "South", "East", "West"), List.of()));
		}
	}

	@Test
	void rowsOfAnotherReportAreErrors() {
		ImportedFilters result = read("seed-four-columns.xlsx", new FilterFileReader.Options(new ReportId(2), "Data"));

		assertThat(result.errors()).extracting(ImportError::row).containsExactly(2, 3);
		assertThat(result.errors().get(0).message()).contains("report 1", "report 2");
	}

	@Test
	void withoutTableOrDefaultTableTheHeaderIsAnError() {
		ImportedFilters result = read("seed-four-columns.xlsx", new FilterFileReader.Options(null, null));

		assertThat(result.errors()).singleElement().satisfies((error) -> {
			assertThat(error.row()).isEqualTo(1);
			assertThat(error.message()).contains("table_name");
		});
	}

	@Test
	void pandasOneValuePerRowIsMergedInOrder() {
		ImportedFilters result = read("pandas-one-row-per-value.xlsx", this.intoReport1);

		assertThat(result.errors()).isEmpty();
		assertThat(result.filters()).containsExactly(
				new Filter("Year", "Calendar", "year", FilterType.INTEGER, false, false, List.of(2022L, 2023L),
						List.of()),
				new Filter("Region", "Geography", "region", FilterType.TEXT, false, false,
						List.of("North", "South", "Zürich"), List.of()));
	}

	@Test
	void excelDateCellsAreDates() {
		ImportedFilters result = read("excel-date-cells.xlsx", this.intoReport1);

		assertThat(result.errors()).isEmpty();
		assertThat(result.filters()).singleElement().satisfies((filter) -> {
			assertThat(filter.type()).isEqualTo(FilterType.DATE);
			assertThat(filter.allowedValues()).containsExactly(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 29),
					LocalDate.of(2024, 3, 31));
		});
	}

	@Test
	void theMac1904DateSystemIsHonoured() {
		ImportedFilters result = read("mac-1904-dates.xlsx", this.intoReport1);

		assertThat(result.errors()).isEmpty();
		assertThat(result.filters().get(0).allowedValues()).containsExactly(LocalDate.of(2023, 12, 31),
				LocalDate.of(2024, 6, 30));
	}

	@Test
	void europeanCsvWithSemicolonsAndBom() {
		ImportedFilters result = read("european-semicolon-bom.csv", this.intoReport1);

		assertThat(result.errors()).isEmpty();
		assertThat(result.filters()).containsExactly(
				new Filter("City", "Geography", "city", FilterType.TEXT, true, false,
						List.of("Zürich", "São Paulo", "Málaga", "Kraków"), List.of("Zürich")),
				new Filter("Month", "Calendar", "month", FilterType.INTEGER, false, false,
						List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), List.of(1L)));
	}

	@Test
	void windows1252CsvWithSpacedHeaders() {
		ImportedFilters result = read("windows-1252.csv", this.intoReport1);

		assertThat(result.errors()).isEmpty();
		assertThat(result.filters()).containsExactly(new Filter("Product", "Products", "product", FilterType.TEXT,
				false, false, List.of("Café", "Crème brûlée", "Façade"), List.of()));
	}

	@Test
	void theErrorFileReportsEachOfItsFourErrorsWithRowAndColumn() {
		ImportedFilters result = read("errors-four-kinds.xlsx", this.intoReport1);

		assertThat(result.errors()).extracting(ImportError::row, ImportError::column, ImportError::value)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(2, "allowed_values", "abc"),
					org.assertj.core.groups.Tuple.tuple(3, "default", "West"),
					org.assertj.core.groups.Tuple.tuple(4, "filter_label", ""),
					org.assertj.core.groups.Tuple.tuple(5, "column_name", "year"));
		assertThat(result.errors()).allSatisfy((error) -> {
			assertThat(error.sheet()).isEqualTo("filters");
			assertThat(error.message()).isNotBlank();
		});
		assertThat(result.errors()).filteredOn((e) -> e.row() == 2)
			.singleElement()
			.satisfies((e) -> assertThat(e.message()).contains("whole number"));
	}

	@Test
	void cellsAreCleanedAndTypesInferred() {
		assertThat(FilterFileReader.split(" North |  South  West|North ||")).containsExactly("North", "South West",
				"North");
		assertThat(FilterFileReader.split("a, b; c")).containsExactly("a, b", "c");
		assertThat(FilterFileReader.split("x\ny|z")).containsExactly("x", "y|z");
		assertThat(FilterFileReader.infer(List.of("2023", "2024"))).isEqualTo(FilterType.INTEGER);
		assertThat(FilterFileReader.infer(List.of("007", "008"))).isEqualTo(FilterType.TEXT);
		assertThat(FilterFileReader.infer(List.of("1", "2.5"))).isEqualTo(FilterType.DECIMAL);
		assertThat(FilterFileReader.infer(List.of("2024-01-31", "2024-02-01T08:00"))).isEqualTo(FilterType.DATETIME);
		assertThat(FilterFileReader.infer(List.of("Yes", "no"))).isEqualTo(FilterType.BOOLEAN);
	}

	@Test
	void junkIsRefusedClearly() {
		byte[] random = new byte[4096];
		new java.util.Random(7).nextBytes(random);

		assertThatThrownBy(() -> this.reader.read("random.xlsx", random, this.intoReport1))
			.isInstanceOf(UnreadableFile.class)
			.hasMessageContaining(".xlsx");
		assertThatThrownBy(() -> this.reader.read("random.xls", random, this.intoReport1))
			.isInstanceOf(UnreadableFile.class);
		assertThatThrownBy(() -> this.reader.read("notes.docx", random, this.intoReport1))
			.isInstanceOf(UnreadableFile.class)
			.hasMessageContaining(".xlsx, .xls and .csv");
		byte[] truncated = java.util.Arrays.copyOf(bytes("excel-date-cells.xlsx"), 2000);
		assertThatThrownBy(() -> this.reader.read("cut.xlsx", truncated, this.intoReport1))
			.isInstanceOf(UnreadableFile.class);
	}

	private ImportedFilters read(String file, FilterFileReader.Options options) {
		return this.reader.read(file, bytes(file), options);
	}

	private static byte[] bytes(String file) {
		try {
			return Files.readAllBytes(FIXTURES.resolve(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
