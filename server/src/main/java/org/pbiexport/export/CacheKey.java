package org.pbiexport.export;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;

/**
 * Identifies a rendered file: a SHA-256 of the report id and version, the pages with the
 * size each is rendered at, the normalised filter values (sorted by column, canonical
 * text), the format and the scale. A report edit changes its version and so every key of
 * its files.
 */
record CacheKey(String value) {

	static CacheKey of(Report report, List<Page> planPages, List<ExportPlan.AppliedFilter> planFilters,
			ExportFormat format, Integer width, Integer height, BigDecimal scale) {
		String filters = planFilters.stream()
			.sorted(Comparator.comparing((applied) -> applied.filter().column()))
			.map((applied) -> applied.filter().column() + "="
					+ applied.values()
						.stream()
						.map(applied.filter().type()::format)
						.collect(Collectors.joining("\u001f")))
			.collect(Collectors.joining("\u001e"));
		// Each page with the size it is rendered at: asking for a page's own size is the
		// same file as not asking for a size.
		String pages = planPages.stream()
			.map((page) -> page.name() + "@" + ((width != null) ? width : page.width()) + "x"
					+ ((height != null) ? height : page.height()))
			.collect(Collectors.joining("\u001f"));
		String canonical = String.join("\n", "report=" + report.id(), "version=" + report.version(), "pages=" + pages,
				"filters=" + filters, "format=" + format.wireName(),
				"scale=" + scale.stripTrailingZeros().toPlainString());
		return new CacheKey(sha256(canonical));
	}

	private static String sha256(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
