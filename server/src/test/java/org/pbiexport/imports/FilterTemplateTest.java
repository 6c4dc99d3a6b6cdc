package org.pbiexport.imports;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint.ValidationType;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFDataValidation;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.ReportId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template is a filter file that imports as it is, with drop-downs of the allowed
 * words where a typo would be an error.
 */
class FilterTemplateTest {

	final byte[] template = FilterTemplate.xlsx();

	@Test
	void hasTheFormatsHeaderAndOneExampleRow() throws Exception {
		List<List<String>> rows = FailedRowsTest.readXlsx(this.template);

		assertThat(rows.get(0)).containsExactly("report_id", "filter_label", "column_name", "table_name", "type",
				"allowed_values", "default", "multiple", "required");
		assertThat(rows.get(1)).containsExactly("", "Year", "year", "Calendar", "integer", "2022\n2023\n2024", "2024",
				"no", "no");
		assertThat(rows).hasSize(2);
	}

	@Test
	void typeMultipleAndRequiredHaveDropDownListsOverTheirWholeColumn() throws Exception {
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(this.template))) {
			XSSFSheet sheet = workbook.getSheet("filters");
			Map<Integer, XSSFDataValidation> byColumn = sheet.getDataValidations()
				.stream()
				.collect(Collectors.toMap((v) -> v.getRegions().getCellRangeAddress(0).getFirstColumn(), (v) -> v));

			assertThat(byColumn).containsOnlyKeys(4, 7, 8);
			assertThat(byColumn.get(4).getValidationConstraint().getExplicitListValues()).containsExactly("text",
					"integer", "decimal", "date", "datetime", "boolean");
			assertThat(byColumn.get(7).getValidationConstraint().getExplicitListValues()).containsExactly("yes", "no");
			assertThat(byColumn.get(8).getValidationConstraint().getExplicitListValues()).containsExactly("yes", "no");
			for (Map.Entry<Integer, XSSFDataValidation> entry : byColumn.entrySet()) {
				XSSFDataValidation validation = entry.getValue();
				CellRangeAddress range = validation.getRegions().getCellRangeAddress(0);
				assertThat(validation.getValidationConstraint().getValidationType()).isEqualTo(ValidationType.LIST);
				assertThat(range.getFirstRow()).isEqualTo(1);
				assertThat(range.getLastRow()).isEqualTo(SpreadsheetVersion.EXCEL2007.getLastRowIndex());
				assertThat(range.getLastColumn()).isEqualTo(entry.getKey());
				assertThat(validation.getShowErrorBox()).isTrue();
				assertThat(validation.getErrorStyle()).isEqualTo(DataValidation.ErrorStyle.STOP);
				assertThat(validation.getSuppressDropDownArrow()).isTrue();
			}
		}
		// In OOXML, showDropDown="1" is what hides the arrow; the template must show it.
		assertThat(new String(FormulaCellsTest.entry(this.template, "xl/worksheets/sheet1.xml"),
				java.nio.charset.StandardCharsets.UTF_8))
			.contains("<dataValidation ")
			.doesNotContain("showDropDown=\"1\"", "showDropDown=\"true\"");
	}

	@Test
	void importsCleanlyThroughTheFilterFileReader() {
		ImportedFilters result = new FilterFileReader().read("template.xlsx", this.template,
				new FilterFileReader.Options(new ReportId(1), null));

		assertThat(result.errors()).isEmpty();
		assertThat(result.filters()).containsExactly(new Filter("Year", "Calendar", "year", FilterType.INTEGER, false,
				false, List.of(2022L, 2023L, 2024L), List.of(2024L)));
	}

}
