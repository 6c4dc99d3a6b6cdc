package org.pbiexport.imports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The kinds of file the importer writes back: an Excel workbook or a UTF-8 CSV. */
public enum SheetFormat {

	XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
	CSV("csv", "text/csv;charset=UTF-8");

	private final String extension;

	private final String contentType;

	SheetFormat(String extension, String contentType) {
		this.extension = extension;
		this.contentType = contentType;
	}

	/** The file name extension without the dot, also the name a request uses. */
	public String extension() {
		return this.extension;
	}

	public String contentType() {
		return this.contentType;
	}

	/** A download of {@code body} in this format, named {@code <name>.<extension>}. */
	public ResponseEntity<byte[]> download(String name, byte[] body) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(this.contentType))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(name + "." + this.extension).build().toString())
			.body(body);
	}

	/** {@code xlsx} or {@code csv}, in any case. */
	public static Optional<SheetFormat> fromName(String name) {
		String wanted = (name != null) ? name.strip().toLowerCase(Locale.ROOT) : "";
		return Arrays.stream(values()).filter((format) -> format.extension.equals(wanted)).findFirst();
	}

	/**
	 * The format that suits a file the admin uploaded: CSV for a CSV (or text) file, else
	 * a workbook.
	 */
	public static SheetFormat like(String fileName) {
		String name = (fileName != null) ? fileName.toLowerCase(Locale.ROOT) : "";
		return (name.endsWith(".csv") || name.endsWith(".txt")) ? CSV : XLSX;
	}

}
