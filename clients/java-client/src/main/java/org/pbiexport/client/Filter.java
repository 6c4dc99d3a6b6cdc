package org.pbiexport.client;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A filter of a report and the values it takes ({@code GET /api/filters/{id}}). Values
 * are kept as the text an export request sends: {@code 2024}, {@code 2024-01-31},
 * {@code true}.
 *
 * @param label what people see
 * @param column the key a value is sent under
 * @param table the Power BI table
 * @param type {@code text}, {@code integer}, {@code decimal}, {@code date},
 * {@code datetime} or {@code boolean}
 * @param multiple whether several values may be chosen
 * @param required whether a value (or a default) is needed
 * @param allowedValues the values an export may use, in the admin's order
 * @param defaults the default values (empty when there is none)
 */
public record Filter(String label, String column, String table, String type, boolean multiple, boolean required,
		List<String> allowedValues, List<String> defaults) {

	/**
	 * Whether {@code value} is one this filter allows.
	 * @param value a value as text
	 * @return whether it is among the allowed values
	 */
	public boolean allows(String value) {
		return this.allowedValues.contains(value);
	}

	/**
	 * The first default, if any.
	 * @return the default value or {@code null}
	 */
	public @Nullable String firstDefault() {
		return this.defaults.isEmpty() ? null : this.defaults.get(0);
	}

}
