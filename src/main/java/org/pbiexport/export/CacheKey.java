package org.pbiexport.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Collectors;

import org.pbiexport.catalog.Page;

/**
 * Identifies a rendered file: a SHA-256 of the report id and version, the pages, the
 * normalised filter values (sorted by column, canonical text), the format, size and
 * scale. A report edit changes its version and so every key of its files.
 */
public record CacheKey(String value) {

	static CacheKey of(ExportPlan plan) {
		String filters = plan.filters()
			.stream()
			.sorted(Comparator.comparing((applied) -> applied.filter().column()))
			.map((applied) -> applied.filter().column() + "="
					+ applied.values()
						.stream()
						.map(applied.filter().type()::format)
						.collect(Collectors.joining("\u001f")))
			.collect(Collectors.joining("\u001e"));
		String canonical = String.join("\n", "report=" + plan.report().id(), "version=" + plan.report().version(),
				"pages=" + plan.pages().stream().map(Page::name).collect(Collectors.joining("\u001f")),
				"filters=" + filters, "format=" + plan.format().wireName(), "width=" + plan.width(),
				"height=" + plan.height(), "scale=" + plan.scale().stripTrailingZeros().toPlainString());
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
