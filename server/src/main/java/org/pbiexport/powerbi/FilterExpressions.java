package org.pbiexport.powerbi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes conditions in Power BI's URL filter language (docs/powerbi-rules.md):
 * {@code Table/Column eq 'x'}, joined with {@code and}, names {@code _xHHHH_}-escaped,
 * literals in their documented forms.
 */
public final class FilterExpressions {

	/** The most conditions one URL filter may have. */
	public static final int MAX_CONDITIONS = 10;

	/** The largest whole number Power BI reads exactly in a URL filter: 2^53−1. */
	public static final long MAX_EXACT_INTEGER = 9_007_199_254_740_991L;

	private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

	private FilterExpressions() {
	}

	/**
	 * The expression for these conditions, in their order.
	 * @param allowBooleans whether to write boolean literals, which Microsoft does not
	 * document
	 * @throws FilterNotExpressible for more than ten conditions, names starting with INF,
	 * or booleans that are not allowed
	 */
	public static String build(List<FilterCondition> conditions, boolean allowBooleans) {
		if (conditions.size() > MAX_CONDITIONS) {
			throw new FilterNotExpressible(null, "Power BI applies at most " + MAX_CONDITIONS
					+ " URL filter conditions; this export has " + conditions.size() + ".");
		}
		return conditions.stream()
			.map((condition) -> condition(condition, allowBooleans))
			.collect(Collectors.joining(" and "));
	}

	private static String condition(FilterCondition condition, boolean allowBooleans) {
		for (String name : List.of(condition.table(), condition.column())) {
			if (name.startsWith("INF")) {
				throw new FilterNotExpressible(condition.column(), "Power BI cannot filter on '" + name
						+ "': table and column names starting with INF are not filterable in URLs.");
			}
		}
		if (condition.kind() == LiteralKind.BOOLEAN && !allowBooleans) {
			throw new FilterNotExpressible(condition.column(), "Boolean URL filters are not documented by "
					+ "Microsoft; the report's setting allow_boolean_url_filters must be on to use them.");
		}
		if (condition.kind() == LiteralKind.TEXT || condition.kind() == LiteralKind.BOOLEAN) {
			if (condition.operator().ordinal() > FilterCondition.Operator.IN.ordinal()) {
				throw new FilterNotExpressible(condition.column(),
						condition.operator().keyword() + " applies to numbers and dates only.");
			}
		}
		for (Object value : condition.values()) {
			checkWritable(condition, value);
		}
		String target = escapeName(condition.table()) + "/" + escapeName(condition.column());
		List<String> literals = condition.values().stream().map((value) -> literal(condition.kind(), value)).toList();
		if (condition.operator() == FilterCondition.Operator.IN) {
			return target + " in (" + String.join(", ", literals) + ")";
		}
		return target + " " + condition.operator().keyword() + " " + literals.get(0);
	}

	/**
	 * Refuses values the literal forms would change rather than write: whole numbers
	 * beyond 2^53−1 (read as doubles, so rounded), fractions of a second (the
	 * {@code datetime'…'} form has none) and years outside 0001–9999.
	 */
	private static void checkWritable(FilterCondition condition, Object value) {
		String problem = switch (condition.kind()) {
			case INTEGER -> (Math.abs(((Number) value).longValue()) > MAX_EXACT_INTEGER
					|| ((Number) value).longValue() == Long.MIN_VALUE)
							? value + " is beyond the largest whole number Power BI reads exactly in a URL (2^53-1)"
							: null;
			case DATE -> outOfYears(((LocalDate) value).getYear(), value);
			case DATETIME -> (((LocalDateTime) value).getNano() != 0)
					? "'" + value + "' has a fraction of a second, which Power BI's datetime literal cannot carry"
					: outOfYears(((LocalDateTime) value).getYear(), value);
			default -> null;
		};
		if (problem != null) {
			throw new FilterNotExpressible(condition.column(), problem + ".");
		}
	}

	private static String outOfYears(int year, Object value) {
		return (year < 1 || year > 9999) ? "'" + value + "' is outside the years 0001 to 9999" : null;
	}

	/**
	 * A value as a literal of the language: {@code 'O''Brien'}, {@code 5.5},
	 * {@code 2019-05-20}, …
	 */
	public static String literal(LiteralKind kind, Object value) {
		return switch (kind) {
			case TEXT -> "'" + ((String) value).replace("'", "''") + "'";
			case INTEGER -> Long.toString(((Number) value).longValue());
			case DECIMAL ->
				((value instanceof BigDecimal decimal) ? decimal : new BigDecimal(value.toString())).toPlainString();
			case DATE -> ((LocalDate) value).toString();
			case DATETIME -> "datetime'" + ((LocalDateTime) value).format(DATETIME) + "'";
			case BOOLEAN -> value.toString();
		};
	}

	/**
	 * A table or column name as the language writes it: every character outside
	 * {@code [A-Za-z0-9_]}, and a leading digit, becomes {@code _xHHHH_} (four upper-case
	 * hex digits of its code point; eight for one above U+FFFF, as .NET's
	 * {@code XmlConvert} writes them). An underscore that would otherwise start something
	 * read as an escape is escaped too.
	 */
	public static String escapeName(String name) {
		StringBuilder escaped = new StringBuilder(name.length() + 16);
		int i = 0;
		while (i < name.length()) {
			int codePoint = name.codePointAt(i);
			boolean plain = (codePoint < 128) && (Character.isLetterOrDigit(codePoint) || codePoint == '_');
			if (i == 0 && Character.isDigit(codePoint)) {
				plain = false;
			}
			if (codePoint == '_' && looksLikeEscape(name, i)) {
				plain = false;
			}
			if (plain) {
				escaped.append((char) codePoint);
			}
			else if (codePoint > 0xFFFF) {
				escaped.append(String.format("_x%08X_", codePoint));
			}
			else {
				escaped.append(String.format("_x%04X_", codePoint));
			}
			i += Character.charCount(codePoint);
		}
		return escaped.toString();
	}

	private static boolean looksLikeEscape(String name, int at) {
		return name.startsWith("_x", at)
				&& ((name.length() >= at + 7 && isHex(name, at + 2, 4) && name.charAt(at + 6) == '_')
						|| (name.length() >= at + 11 && isHex(name, at + 2, 8) && name.charAt(at + 10) == '_'));
	}

	private static boolean isHex(String text, int from, int count) {
		for (int i = from; i < from + count; i++) {
			if (Character.digit(text.charAt(i), 16) < 0) {
				return false;
			}
		}
		return true;
	}

}
