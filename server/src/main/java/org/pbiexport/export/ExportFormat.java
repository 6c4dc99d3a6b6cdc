package org.pbiexport.export;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The file formats an export can produce. */
enum ExportFormat {

	PNG("png", "image/png", false), PDF("pdf", "application/pdf", true),
	/** A PowerPoint deck: one slide per page (docs/contract.md). */
	PPTX("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", true),
	/** A zip of one PNG per page, {@code <order>-<page name>.png}. */
	ZIP("zip", "application/zip", true);

	private final String wireName;

	private final String contentType;

	private final boolean document;

	ExportFormat(String wireName, String contentType, boolean document) {
		this.wireName = wireName;
		this.contentType = contentType;
		this.document = document;
	}

	public String wireName() {
		return this.wireName;
	}

	public String contentType() {
		return this.contentType;
	}

	/** Whether it holds several pages (a PDF, a deck, a zip), rather than one image. */
	public boolean document() {
		return this.document;
	}

	public static Optional<ExportFormat> fromWireName(String name) {
		String wanted = name.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((format) -> format.wireName.equals(wanted)).findFirst();
	}

	public static List<String> contentTypes() {
		return Arrays.stream(values()).map(ExportFormat::contentType).toList();
	}

	public static List<String> wireNames() {
		return Arrays.stream(values()).map(ExportFormat::wireName).toList();
	}

}
