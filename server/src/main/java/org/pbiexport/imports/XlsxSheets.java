package org.pbiexport.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
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

/**
 * Streams the chosen sheet of an {@code .xlsx} workbook row by row with POI's SAX event
 * API, so that big sheets stay small in memory: the visible sheet named {@code filters}
 * (any case), else the first visible one; numbers as plain text, dates as ISO text in the
 * workbook's date system; and formula cells without a saved result noted, not read as
 * empty.
 */
final class XlsxSheets {

	private XlsxSheets() {
	}

	/**
	 * Hands the chosen sheet's non-blank rows to {@code rows} one at a time.
	 * @return the name of the sheet read
	 */
	static String read(byte[] content, Consumer<SheetTable.Row> rows)
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
				return SpreadsheetReader.iso(DateUtil.getLocalDateTime(value, this.date1904));
			}
			return NumberToTextConverter.toText(value);
		}

	}

}
