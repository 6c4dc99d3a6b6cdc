package org.pbiexport.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.xml.sax.SAXException;

import org.pbiexport.web.ApiProblem;

/**
 * Reads the sheet a filter list is on (docs/import-format.md): the visible sheet named
 * {@code filters} (any case), else the first visible one, from {@code .xlsx} (streamed,
 * so big sheets stay small in memory), {@code .xls} or {@code .csv} (separator and
 * encoding detected). POI's zip-bomb guard stays on; nothing in a file is ever executed.
 * {@link XlsxSheets} streams {@code .xlsx}.
 */
final class SpreadsheetReader {

	private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

	private SpreadsheetReader() {
	}

	static SheetTable read(String fileName, byte[] content) {
		List<SheetTable.Row> rows = new ArrayList<>();
		String sheet = read(fileName, content, rows::add);
		return new SheetTable(sheet, rows);
	}

	/**
	 * Hands the chosen sheet's non-blank rows to {@code rows} one at a time, so that a
	 * caller which keeps only a summary (a data extract's distinct values) never holds
	 * the whole sheet.
	 * @return the name of the sheet read ({@code csv} for a CSV file)
	 */
	static String read(String fileName, byte[] content, Consumer<SheetTable.Row> rows) {
		String name = (fileName != null) ? fileName.toLowerCase(Locale.ROOT) : "";
		try {
			if (name.endsWith(".xlsx")) {
				return XlsxSheets.read(content, rows);
			}
			if (name.endsWith(".xls")) {
				return xls(content, rows);
			}
			if (name.endsWith(".csv") || name.endsWith(".txt")) {
				return csv(content, rows);
			}
		}
		catch (ApiProblem problem) {
			// Already says what is wrong with the file (or the request), in words.
			throw problem;
		}
		catch (IOException | SAXException | ParserConfigurationException | RuntimeException ex) {
			throw new UnreadableFile("The file could not be read as " + extension(name)
					+ ": it is damaged, protected, or not really that kind of file.");
		}
		throw new UnreadableFile("Only .xlsx, .xls and .csv files can be imported, not '" + fileName + "'.");
	}

	private static String xls(byte[] content, Consumer<SheetTable.Row> rows) throws IOException {
		try (HSSFWorkbook workbook = new HSSFWorkbook(new ByteArrayInputStream(content))) {
			boolean date1904 = workbook.getInternalWorkbook().isUsing1904DateWindowing();
			Sheet chosen = null;
			for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
				if (workbook.isSheetHidden(i) || workbook.isSheetVeryHidden(i)) {
					continue;
				}
				Sheet sheet = workbook.getSheetAt(i);
				if (chosen == null || sheet.getSheetName().equalsIgnoreCase("filters")) {
					chosen = sheet;
				}
				if (sheet.getSheetName().equalsIgnoreCase("filters")) {
					break;
				}
			}
			if (chosen == null) {
				throw new UnreadableFile("The workbook has no visible sheet.");
			}
			for (org.apache.poi.ss.usermodel.Row row : chosen) {
				List<String> cells = new ArrayList<>();
				for (int c = 0; c < row.getLastCellNum(); c++) {
					cells.add(text(row.getCell(c), date1904));
				}
				SheetTable.Row read = new SheetTable.Row(row.getRowNum() + 1, cells);
				if (!read.blank()) {
					rows.accept(read);
				}
			}
			return chosen.getSheetName();
		}
	}

	private static String text(Cell cell, boolean date1904) {
		if (cell == null) {
			return "";
		}
		CellType type = (cell.getCellType() == CellType.FORMULA) ? cell.getCachedFormulaResultType()
				: cell.getCellType();
		return switch (type) {
			case STRING -> cell.getStringCellValue();
			case BOOLEAN -> cell.getBooleanCellValue() ? "TRUE" : "FALSE";
			case NUMERIC -> DateUtil.isCellDateFormatted(cell)
					? iso(DateUtil.getLocalDateTime(cell.getNumericCellValue(), date1904))
					: NumberToTextConverter.toText(cell.getNumericCellValue());
			default -> "";
		};
	}

	private static String csv(byte[] content, Consumer<SheetTable.Row> rows) throws IOException {
		String text = decode(content);
		String firstLine = text.lines().findFirst().orElse("");
		char separator = ';';
		long best = -1;
		for (char candidate : new char[] { ',', ';', '\t' }) {
			long count = firstLine.chars().filter((c) -> c == candidate).count();
			if (count > best) {
				best = count;
				separator = candidate;
			}
		}
		CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(separator).setIgnoreEmptyLines(false).get();
		try (CSVParser parser = CSVParser.parse(text, format)) {
			for (CSVRecord record : parser) {
				SheetTable.Row row = new SheetTable.Row((int) record.getRecordNumber(), record.toList());
				if (!row.blank()) {
					rows.accept(row);
				}
			}
		}
		return "csv";
	}

	/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252. */
	static String decode(byte[] content) {
		int start = (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
				&& (content[2] & 0xFF) == 0xBF) ? 3 : 0;
		ByteBuffer bytes = ByteBuffer.wrap(content, start, content.length - start);
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(bytes)
				.toString();
		}
		catch (CharacterCodingException ex) {
			return new String(content, start, content.length - start, Charset.forName("windows-1252"));
		}
	}

	static String iso(LocalDateTime value) {
		return value.toLocalTime().equals(LocalTime.MIDNIGHT) ? value.toLocalDate().toString() : value.format(DATETIME);
	}

	private static String extension(String name) {
		int dot = name.lastIndexOf('.');
		return (dot >= 0) ? name.substring(dot) : "a spreadsheet";
	}

}
