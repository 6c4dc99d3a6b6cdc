package org.pbiexport.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.Report;

/**
 * Writes a report's filters in the layout the importer reads (one row per filter, allowed
 * values in one cell with line breaks, type filled), so export → edit → import changes
 * nothing when nothing was edited. Text that a spreadsheet program would run as a formula
 * is neutralised.
 */
final class FilterTable {

	static final List<String> HEADER = List.of("report_id", "filter_label", "column_name", "table_name", "type",
			"allowed_values", "default", "multiple", "required");

	private FilterTable() {
	}

	static byte[] xlsx(Report report) {
		return xlsx(HEADER, rows(report));
	}

	static byte[] csv(Report report) {
		return csv(HEADER, rows(report));
	}

	/**
	 * A {@code filters} sheet of text cells: nothing written here is ever a formula, so a
	 * value such as {@code =SUM(A1)} stays text.
	 */
	static byte[] xlsx(List<String> header, List<List<String>> rows) {
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			sheet(workbook, header, rows);
			workbook.write(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes a bold header row and text-only data rows on a new {@code filters} sheet.
	 */
	static Sheet sheet(XSSFWorkbook workbook, List<String> header, List<List<String>> rows) {
		Sheet sheet = workbook.createSheet("filters");
		CellStyle bold = workbook.createCellStyle();
		Font font = workbook.createFont();
		font.setBold(true);
		bold.setFont(font);
		CellStyle wrap = workbook.createCellStyle();
		wrap.setWrapText(true);
		Row headerRow = sheet.createRow(0);
		for (int i = 0; i < header.size(); i++) {
			Cell cell = headerRow.createCell(i);
			cell.setCellValue(header.get(i));
			cell.setCellStyle(bold);
		}
		int r = 1;
		for (List<String> values : rows) {
			Row row = sheet.createRow(r++);
			for (int i = 0; i < values.size(); i++) {
				Cell cell = row.createCell(i);
				// Always a text cell: nothing written here is ever a formula.
				cell.setCellValue(values.get(i));
				cell.setCellStyle(wrap);
			}
		}
		for (int i = 0; i < header.size(); i++) {
			sheet.setColumnWidth(i, 20 * 256);
		}
		return sheet;
	}

	/** UTF-8 with a BOM (so Excel reads it as UTF-8), formula-like cells neutralised. */
	static byte[] csv(List<String> header, List<List<String>> rows) {
		StringBuilder out = new StringBuilder("\uFEFF");
		try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
			printer.printRecord(header.stream().map(FilterTable::neutralise).toList());
			for (List<String> values : rows) {
				printer.printRecord(values.stream().map(FilterTable::neutralise).toList());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static List<List<String>> rows(Report report) {
		return report.filters().stream().map((filter) -> row(report, filter)).toList();
	}

	private static List<String> row(Report report, Filter filter) {
		String values = cell(filter.allowedValues().stream().map(filter.type()::format).toList());
		String defaults = cell(filter.defaults().stream().map(filter.type()::format).toList());
		return List.of(report.id().toString(), filter.label(), filter.column(), filter.table(),
				filter.type().wireName(), values, defaults, filter.multiple() ? "yes" : "no",
				filter.required() ? "yes" : "no");
	}

	/**
	 * Values joined with line breaks; a single value that holds another separator ends
	 * with a line break, so that the importer splits on line breaks only.
	 */
	private static String cell(List<String> values) {
		String joined = String.join("\n", values);
		boolean ambiguous = values.size() == 1
				&& (joined.contains("|") || joined.contains(";") || joined.contains(","));
		return ambiguous ? joined + "\n" : joined;
	}

	/**
	 * A CSV cell that starts like a formula ({@code = + - @}, tab, carriage return) gets
	 * a leading apostrophe, which spreadsheet programs show as text; the importer takes
	 * it off again.
	 */
	static String neutralise(String text) {
		return startsLikeFormula(text) ? "'" + text : text;
	}

	static boolean startsLikeFormula(String text) {
		return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !text.matches("[-+]?\\d+(\\.\\d+)?");
	}

}
