package org.pbiexport.imports;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which values a list of values gains and loses: what an admin needs to see of a filter
 * whose hundreds of allowed values change by one, where "old list, new list" hides it.
 * Values are compared as their JSON text, so that a filter whose type changes from
 * integer to text keeps {@code 2024} as {@code "2024"} rather than listing every value
 * twice.
 */
final class ValueDiff {

	private ValueDiff() {
	}

	/**
	 * The change of one field as the preview shows it: {@code old} and {@code new}, and
	 * for lists also {@code added} (in the new list's order) and {@code removed} (in the
	 * old list's order).
	 */
	static Map<String, Object> change(@Nullable Object old, @Nullable Object now) {
		Map<String, Object> change = new LinkedHashMap<>();
		change.put("old", old);
		change.put("new", now);
		if (old instanceof List<?> || now instanceof List<?>) {
			List<?> before = asList(old);
			List<?> after = asList(now);
			change.put("added", missing(after, before));
			change.put("removed", missing(before, after));
		}
		return change;
	}

	private static List<?> asList(@Nullable Object value) {
		if (value instanceof List<?> list) {
			return list;
		}
		return (value != null) ? List.of(value) : List.of();
	}

	/** The values of {@code from} that {@code other} lacks, each once, in order. */
	private static List<Object> missing(List<?> from, List<?> other) {
		Set<String> present = new LinkedHashSet<>();
		other.forEach((value) -> present.add(key(value)));
		Set<String> seen = new LinkedHashSet<>();
		return from.stream()
			.filter((value) -> !present.contains(key(value)) && seen.add(key(value)))
			.map((value) -> (Object) value)
			.toList();
	}

	private static String key(@Nullable Object value) {
		return Objects.toString(value);
	}

}
