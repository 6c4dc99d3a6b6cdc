package org.pbiexport.imports;

import java.math.BigDecimal;
import java.text.Collator;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.pbiexport.catalog.FilterType;

/**
 * The order a filter's allowed values are listed in when they come from data: as their
 * type sorts, and text as people sort it.
 */
final class ValueOrder {

	private static final Pattern NUMBER_OR_TEXT = Pattern.compile("\\d+|\\D+");

	private ValueOrder() {
	}

	/**
	 * How values of a type sort: by number, by time, false before true, text naturally.
	 */
	static Comparator<Object> order(FilterType type) {
		return switch (type) {
			case INTEGER -> Comparator.comparing((Object value) -> (Long) value);
			case DECIMAL -> Comparator.comparing((Object value) -> (BigDecimal) value);
			case DATE -> Comparator.comparing((Object value) -> (LocalDate) value);
			case DATETIME -> Comparator.comparing((Object value) -> (LocalDateTime) value);
			case BOOLEAN -> Comparator.comparing((Object value) -> (Boolean) value);
			case TEXT -> Comparator.comparing((Object value) -> (String) value, naturalOrder());
		};
	}

	/**
	 * Text as people sort it: runs of digits by their number ({@code Item 2} before
	 * {@code Item 10}), other text ignoring case and accents, then exactly, so that only
	 * equal strings compare equal.
	 */
	static Comparator<String> naturalOrder() {
		Collator collator = Collator.getInstance(Locale.ROOT);
		collator.setStrength(Collator.PRIMARY);
		Comparator<String> natural = (a, b) -> {
			Matcher left = NUMBER_OR_TEXT.matcher(a);
			Matcher right = NUMBER_OR_TEXT.matcher(b);
			while (left.find()) {
				if (!right.find()) {
					return 1;
				}
				String x = left.group();
				String y = right.group();
				boolean numbers = isDigit(x.charAt(0)) && isDigit(y.charAt(0));
				int result = numbers ? compareNumbers(x, y) : collator.compare(x, y);
				if (result != 0) {
					return result;
				}
			}
			return right.find() ? -1 : 0;
		};
		return natural.thenComparing(Comparator.naturalOrder());
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static int compareNumbers(String x, String y) {
		String a = x.replaceFirst("^0+(?=\\d)", "");
		String b = y.replaceFirst("^0+(?=\\d)", "");
		return (a.length() != b.length()) ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
	}

}
