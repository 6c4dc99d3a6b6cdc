package org.pbiexport.powerbi;

import java.util.List;
import java.util.Objects;

/**
 * One condition of a URL filter: {@code Table/Column eq 'x'}, {@code in ('a', 'b')}, or a
 * comparison. Values are {@code String}, {@code Long}/{@code Integer},
 * {@code BigDecimal}, {@code LocalDate}, {@code LocalDateTime} or {@code Boolean}, as
 * {@link #kind()} says.
 */
public record FilterCondition(String table, String column, LiteralKind kind, Operator operator, List<?> values) {

	/** The operators of the language; {@code in} takes several values, the others one. */
	public enum Operator {

		EQ("eq"), NE("ne"), IN("in"), GT("gt"), GE("ge"), LT("lt"), LE("le");

		private final String keyword;

		Operator(String keyword) {
			this.keyword = keyword;
		}

		public String keyword() {
			return this.keyword;
		}

	}

	public FilterCondition {
		Objects.requireNonNull(table, "table");
		Objects.requireNonNull(column, "column");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(operator, "operator");
		values = List.copyOf(values);
		if (values.isEmpty() || (operator != Operator.IN && values.size() != 1)) {
			throw new IllegalArgumentException(operator.keyword() + " needs "
					+ ((operator == Operator.IN) ? "at least one value" : "exactly one value"));
		}
	}

	/**
	 * {@code eq} for one value, {@code in (…)} for several: how chosen filter values are
	 * applied.
	 */
	public static FilterCondition of(String table, String column, LiteralKind kind, List<?> values) {
		return new FilterCondition(table, column, kind, (values.size() == 1) ? Operator.EQ : Operator.IN, values);
	}

	/** A comparison such as {@code product/price le 200}. */
	public static FilterCondition compare(String table, String column, LiteralKind kind, Operator operator,
			Object value) {
		return new FilterCondition(table, column, kind, operator, List.of(value));
	}

}
