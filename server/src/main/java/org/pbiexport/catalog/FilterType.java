package org.pbiexport.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The type of a filter's values. Values are held as {@code String}, {@code Long},
 * {@code BigDecimal}, {@code LocalDate}, {@code LocalDateTime} or {@code Boolean}; each
 * type knows its JSON form (docs/contract.md), its stored canonical text and how to read
 * both strictly.
 */
public enum FilterType {

	TEXT("text", "text"), INTEGER("integer", "a whole number"), DECIMAL("decimal", "a number"),
	DATE("date", "a date written YYYY-MM-DD"), DATETIME("datetime", "a date and time written YYYY-MM-DDThh:mm:ss"),
	BOOLEAN("boolean", "true or false");

	private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	private static final Pattern ISO_DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");

	private static final DateTimeFormatter DATETIME_OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

	private final String wireName;

	private final String expected;

	FilterType(String wireName, String expected) {
		this.wireName = wireName;
		this.expected = expected;
	}

	/** The name in JSON documents and spreadsheets: {@code text}, {@code integer}, … */
	public String wireName() {
		return this.wireName;
	}

	/** What a value of this type looks like, for error messages. */
	public String expected() {
		return this.expected;
	}

	public static Optional<FilterType> fromWireName(String name) {
		String wanted = (name != null) ? name.trim().toLowerCase(Locale.ROOT) : "";
		return Arrays.stream(values()).filter((type) -> type.wireName.equals(wanted)).findFirst();
	}

	public static String wireNames() {
		return String.join(", ", Arrays.stream(values()).map(FilterType::wireName).toList());
	}

	/**
	 * Reads a value from text (the stored form, a query parameter, a spreadsheet cell).
	 * @throws IllegalArgumentException with a message naming what was expected
	 */
	public Object parse(String text) {
		if (text == null) {
			throw new IllegalArgumentException("must be " + this.expected);
		}
		String value = (this == TEXT) ? text : text.trim();
		try {
			return switch (this) {
				case TEXT -> value;
				case INTEGER -> Long.parseLong(value);
				case DECIMAL -> plainDecimal(value);
				case DATE -> parseDate(value);
				case DATETIME -> parseDateTime(value);
				case BOOLEAN -> parseBoolean(value);
			};
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			throw new IllegalArgumentException("must be " + this.expected + ", got '" + value + "'");
		}
	}

	/**
	 * Reads a value from a JSON document: numbers for integer and decimal, strings for
	 * text and dates, booleans for boolean. Numbers written as strings are accepted for
	 * numeric types, as query parameters have no types.
	 * @throws IllegalArgumentException with a message naming what was expected
	 */
	public Object fromJson(JsonNode node) {
		if (node == null || node.isNull() || node.isContainer()) {
			throw new IllegalArgumentException("must be " + this.expected);
		}
		return switch (this) {
			case TEXT -> {
				if (!node.isString()) {
					throw new IllegalArgumentException("must be text");
				}
				yield node.stringValue();
			}
			case INTEGER -> {
				if (node.isIntegralNumber() && node.canConvertToLong()) {
					yield node.longValue();
				}
				if (node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0) {
					yield node.decimalValue().longValueExact();
				}
				if (node.isString()) {
					yield parse(node.stringValue());
				}
				throw new IllegalArgumentException("must be " + this.expected + ", got " + node);
			}
			case DECIMAL -> {
				if (node.isNumber()) {
					yield plainDecimal(node.decimalValue().toPlainString());
				}
				if (node.isString()) {
					yield parse(node.stringValue());
				}
				throw new IllegalArgumentException("must be " + this.expected + ", got " + node);
			}
			case DATE, DATETIME -> {
				if (!node.isString()) {
					throw new IllegalArgumentException("must be " + this.expected + " in a string, got " + node);
				}
				yield parse(node.stringValue());
			}
			case BOOLEAN -> {
				if (node.isBoolean()) {
					yield node.booleanValue();
				}
				if (node.isString()) {
					yield parse(node.stringValue());
				}
				throw new IllegalArgumentException("must be " + this.expected + ", got " + node);
			}
		};
	}

	/**
	 * The value as docs/contract.md puts it in JSON: numbers, booleans, or ISO strings
	 * for dates.
	 */
	public Object toJson(Object value) {
		return switch (this) {
			case DATE, DATETIME -> format(value);
			default -> value;
		};
	}

	/**
	 * The canonical text of a value: what is stored, compared and put into cache keys.
	 */
	public String format(Object value) {
		return switch (this) {
			case DATETIME -> ((LocalDateTime) value).format(DATETIME_OUT);
			case DECIMAL -> ((BigDecimal) value).toPlainString();
			default -> value.toString();
		};
	}

	private static BigDecimal plainDecimal(String text) {
		if (text.isEmpty() || !text.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
			throw new NumberFormatException(text);
		}
		BigDecimal value = new BigDecimal(text);
		// Keep the written digits ("5.50" stays 5.50) but never scientific notation.
		return (value.scale() < 0) ? value.setScale(0) : value;
	}

	private static LocalDate parseDate(String text) {
		if (!ISO_DATE.matcher(text).matches()) {
			throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
		}
		return LocalDate.parse(text);
	}

	private static LocalDateTime parseDateTime(String text) {
		String normalised = text.replace(' ', 'T');
		if (!ISO_DATETIME.matcher(normalised).matches()) {
			throw new DateTimeParseException("not YYYY-MM-DDThh:mm:ss", text, 0);
		}
		return LocalDateTime.parse(normalised);
	}

	private static Boolean parseBoolean(String text) {
		return switch (text.toLowerCase(Locale.ROOT)) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> throw new NumberFormatException(text);
		};
	}

}
