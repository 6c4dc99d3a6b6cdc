package org.pbiexport.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A filter people may set on a report: the Power BI {@code table}/{@code column} it
 * applies to, the values allowed (typed per {@link #type()}, in the admin's order) and
 * the default ones, which are always among the allowed values (one at most unless
 * {@link #multiple()}).
 */
public record Filter(String label, String table, String column, FilterType type, boolean multiple, boolean required,
		List<Object> allowedValues, List<Object> defaults) {

	public Filter {
		allowedValues = List.copyOf(allowedValues);
		defaults = List.copyOf(defaults);
	}

	/** Whether {@code value} (typed) is one of the allowed values. */
	public boolean allows(Object value) {
		return allowedValue(value).isPresent();
	}

	/**
	 * The allowed value equal to {@code value}: decimals compare by number ({@code 5.5}
	 * is the allowed {@code 5.50}), everything else by equality.
	 */
	public Optional<Object> allowedValue(Object value) {
		if (value instanceof BigDecimal decimal) {
			return this.allowedValues.stream()
				.filter((allowed) -> allowed instanceof BigDecimal number && number.compareTo(decimal) == 0)
				.findFirst();
		}
		return this.allowedValues.contains(value) ? Optional.of(value) : Optional.empty();
	}

	/** The allowed values as they go into JSON. */
	public List<Object> allowedValuesJson() {
		return this.allowedValues.stream().map(this.type::toJson).toList();
	}

	/**
	 * The default as docs/contract.md shows it: a list when multiple, else one value or
	 * null.
	 */
	public @Nullable Object defaultJson() {
		if (this.multiple) {
			return this.defaults.stream().map(this.type::toJson).toList();
		}
		return this.defaults.isEmpty() ? null : this.type.toJson(this.defaults.get(0));
	}

}
