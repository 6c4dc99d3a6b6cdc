package org.pbiexport.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

/**
 * The export log as CSV (RFC 4180, UTF-8, a header row), one line per row as it is read.
 * A cell that a spreadsheet would take for a formula ({@code =}, {@code +}, {@code -},
 * {@code @}) is written with a leading apostrophe.
 */
final class ExportLogCsv {

	// The CSV is a data format for other programs: its column names stay English whatever
	// language the page is shown in.
	static final String[] HEADER = { "time_utc", "caller_kind", "caller", "key_prefix", "report_id", "report_title",
			"pages", "filters", "format", "cache", "status", "problem", "duration_ms", "job_id" };

	private ExportLogCsv() {
	}

	/** Writes the header, then each row {@code rows} hands over. */
	static void write(Writer out, Consumer<Consumer<ExportLogEntry>> rows) throws IOException {
		CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader(HEADER).get().print(out);
		try {
			rows.accept((entry) -> print(printer, entry));
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		printer.flush();
	}

	private static void print(CSVPrinter printer, ExportLogEntry entry) {
		try {
			printer.printRecord(DateTimeFormatter.ISO_INSTANT.format(entry.at()), entry.callerKind(),
					safe(entry.caller()), entry.keyPrefix(), entry.reportId(), safe(entry.reportTitle()),
					safe(String.join("|", entry.pages())), safe(entry.filterText()), entry.format(), entry.cache(),
					entry.status(), entry.problem(), entry.durationMillis(), entry.jobId());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static @Nullable String safe(@Nullable String text) {
		return (text != null && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) ? "'" + text : text;
	}

}
