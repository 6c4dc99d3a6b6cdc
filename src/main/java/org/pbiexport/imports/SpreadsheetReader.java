package org.pbiexport.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import org.pbiexport.web.ApiProblem;

/**
 * Reads the sheet a filter list is on (IMPORT-FORMAT.md): the visible sheet named
 * {@code filters} (any case), else the first visible one, from {@code .xlsx} (streamed,
 * so big sheets stay small in memory), {@code .xls} or {@code .csv} (separator and
 * encoding detected). POI's zip-bomb guard stays on; nothing in a file is ever executed.
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
				return xlsx(content, rows);
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

	private static String xlsx(byte[] content, Consumer<SheetTable.Row> rows)
			throws IOException, SAXException, ParserConfigurationException {
		try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(content))) {
			XSSFReader reader = new XSSFReader(pkg);
			Workbook workbook = workbook(reader.getWorkbookData());
			String[] chosen = workbook.chosen();
			if (chosen == null) {
				throw new UnreadableFile("The workbook has no visible sheet.");
			}
			RowCollector collector = new RowCollector(rows);
			XMLReader parser = XMLHelper.newXMLReader();
			parser.setContentHandler(new FormulaResults(new XSSFSheetXMLHandler(reader.getStylesTable(),
					reader.getSharedStringsTable(), collector, new IsoFormatter(workbook.date1904), false), collector));
			try (InputStream sheet = reader.getSheet(chosen[1])) {
				parser.parse(new InputSource(sheet));
			}
			return chosen[0];
		}
		catch (org.apache.poi.openxml4j.exceptions.OpenXML4JException ex) {
			throw new UnreadableFile("The file is not a readable .xlsx workbook.");
		}
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

	private static Workbook workbook(InputStream data) throws IOException, SAXException, ParserConfigurationException {
		Workbook workbook = new Workbook();
		XMLReader parser = XMLHelper.newXMLReader();
		parser.setContentHandler(workbook);
		try (data) {
			parser.parse(new InputSource(data));
		}
		return workbook;
	}

	/**
	 * Builds each row from the cells POI reports, remembering the cells whose formula has
	 * no saved result (POI reports nothing for those).
	 */
	private static final class RowCollector implements XSSFSheetXMLHandler.SheetContentsHandler {

		private final Consumer<SheetTable.Row> rows;

		private List<String> cells = new ArrayList<>();

		private List<Integer> formulasWithoutResult = new ArrayList<>();

		RowCollector(Consumer<SheetTable.Row> rows) {
			this.rows = rows;
		}

		@Override
		public void startRow(int rowNum) {
			this.cells = new ArrayList<>();
			this.formulasWithoutResult = new ArrayList<>();
		}

		@Override
		public void endRow(int rowNum) {
			SheetTable.Row row = new SheetTable.Row(rowNum + 1, this.cells, this.formulasWithoutResult);
			if (!row.blank()) {
				this.rows.accept(row);
			}
		}

		@Override
		public void cell(String reference, String value, XSSFComment comment) {
			int column = new CellReference(reference).getCol();
			while (this.cells.size() < column) {
				this.cells.add("");
			}
			this.cells.add(value);
		}

		void formulaWithoutResult(String reference) {
			this.formulasWithoutResult.add((int) new CellReference(reference).getCol());
		}

	}

	/**
	 * Passes the sheet's XML on to POI's handler and notices formula cells ({@code <f>})
	 * that have no saved result: no {@code <v>}, or an empty one that is not a text
	 * result. Files written by programs that do not calculate (openpyxl, POI itself) look
	 * like that until Excel opens and saves them; POI would read them as empty cells.
	 */
	private static final class FormulaResults extends DefaultHandler {

		private static final String SPREADSHEETML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

		private final DefaultHandler sheet;

		private final RowCollector collector;

		private String reference;

		private boolean textResult;

		private boolean formula;

		private boolean inValue;

		private boolean result;

		FormulaResults(DefaultHandler sheet, RowCollector collector) {
			this.sheet = sheet;
			this.collector = collector;
		}

		@Override
		public void startElement(String uri, String localName, String qName, Attributes attributes)
				throws SAXException {
			if (SPREADSHEETML.equals(uri)) {
				switch (localName) {
					case "c" -> {
						this.reference = attributes.getValue("r");
						this.textResult = "str".equals(attributes.getValue("t"));
						this.formula = false;
						this.result = false;
					}
					case "f" -> this.formula = true;
					case "v" -> {
						this.inValue = true;
						this.result |= this.textResult;
					}
					default -> {
					}
				}
			}
			this.sheet.startElement(uri, localName, qName, attributes);
		}

		@Override
		public void characters(char[] ch, int start, int length) throws SAXException {
			if (this.inValue && length > 0) {
				this.result = true;
			}
			this.sheet.characters(ch, start, length);
		}

		@Override
		public void endElement(String uri, String localName, String qName) throws SAXException {
			this.sheet.endElement(uri, localName, qName);
			if (SPREADSHEETML.equals(uri)) {
				if (localName.equals("v")) {
					this.inValue = false;
				}
				if (localName.equals("c") && this.formula && !this.result && this.reference != null) {
					this.collector.formulaWithoutResult(this.reference);
				}
			}
		}

	}

	/** The sheets of workbook.xml with their visibility, and its date system. */
	private static final class Workbook extends DefaultHandler {

		private final List<String[]> visible = new ArrayList<>();

		private boolean date1904;

		@Override
		public void startElement(String uri, String localName, String qName, Attributes attributes) {
			if (localName.equals("workbookPr")) {
				String value = attributes.getValue("date1904");
				this.date1904 = "1".equals(value) || "true".equalsIgnoreCase(value);
			}
			if (localName.equals("sheet")) {
				String state = attributes.getValue("state");
				if (state == null || state.equals("visible")) {
					String id = null;
					for (int i = 0; i < attributes.getLength(); i++) {
						if (attributes.getLocalName(i).equals("id")) {
							id = attributes.getValue(i);
						}
					}
					this.visible.add(new String[] { attributes.getValue("name"), id });
				}
			}
		}

		String[] chosen() {
			return this.visible.stream()
				.filter((sheet) -> sheet[0].equalsIgnoreCase("filters"))
				.findFirst()
				.orElse(this.visible.isEmpty() ? null : this.visible.get(0));
		}

	}

	/** Numbers as plain text, dates as ISO text, in the workbook's date system. */
	private static final class IsoFormatter extends DataFormatter {

		private final boolean date1904;

		IsoFormatter(boolean date1904) {
			this.date1904 = date1904;
		}

		@Override
		public String formatRawCellContents(double value, int formatIndex, String formatString) {
			return formatRawCellContents(value, formatIndex, formatString, this.date1904);
		}

		@Override
		public String formatRawCellContents(double value, int formatIndex, String formatString,
				boolean use1904Windowing) {
			if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
				return iso(DateUtil.getLocalDateTime(value, this.date1904));
			}
			return NumberToTextConverter.toText(value);
		}

	}

}
