package org.pbiexport.desktop;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * Filter values as people read them: dates and times in the user's locale, booleans as
 * yes and no; every other value as it is.
 */
final class ValueFormat {

	private ValueFormat() {
	}

	/**
	 * A value for display.
	 * @param type the filter's type
	 * @param value the value as the API sends it ({@code 2024-01-31})
	 * @param locale the user's locale
	 * @return the value for display
	 */
	static String display(String type, String value, Locale locale) {
		try {
			switch (type) {
				case "date":
					return LocalDate.parse(value)
						.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale));
				case "datetime":
					return LocalDateTime.parse(value)
						.format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
							.withLocale(locale));
				case "boolean":
					return Boolean.parseBoolean(value) ? "Yes" : "No";
				default:
					return value;
			}
		}
		catch (DateTimeParseException ex) {
			return value;
		}
	}

	/**
	 * A value for display in the default locale.
	 * @param type the filter's type
	 * @param value the value as the API sends it
	 * @return the value for display
	 */
	static String display(String type, String value) {
		return display(type, value, Locale.getDefault(Locale.Category.FORMAT));
	}

}
