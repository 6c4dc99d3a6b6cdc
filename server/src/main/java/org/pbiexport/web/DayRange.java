package org.pbiexport.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A range of whole days in UTC, both included, as list pages take it from their
 * {@code from} and {@code to} parameters ({@code 2026-11-30}); either end may be open.
 *
 * @param from the first day, or null for no start
 * @param to the last day, or null for no end
 */
public record DayRange(@Nullable LocalDate from, @Nullable LocalDate to) {

	/**
	 * The range of the text typed in a form; a field that is not a day, or a last day
	 * before the first, is named in {@code errors} (under {@code from} or {@code to}) and
	 * left open.
	 */
	public static DayRange parse(String from, String to, Map<String, Text> errors) {
		LocalDate first = day(from, "from", errors);
		LocalDate last = day(to, "to", errors);
		if (first != null && last != null && last.isBefore(first)) {
			errors.put("to", Text.of("days.problem.order", "The last day comes before the first; both are included."));
			last = null;
		}
		return new DayRange(first, last);
	}

	/** The first instant of the range, or null. */
	public @Nullable Instant start() {
		return (this.from != null) ? this.from.atStartOfDay(ZoneOffset.UTC).toInstant() : null;
	}

	/** The first instant after the range, or null. */
	public @Nullable Instant end() {
		return (this.to != null) ? this.to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant() : null;
	}

	private static @Nullable LocalDate day(String text, String field, Map<String, Text> errors) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			errors.put(field, Text.of("days.problem.day",
					"'" + text.strip() + "' is not a day; write it like 2026-11-30.", text.strip()));
			return null;
		}
	}

}
