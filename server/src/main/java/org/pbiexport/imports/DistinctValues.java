package org.pbiexport.imports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;

/**
 * One column of a data extract as it is scanned: its distinct values in first-seen order,
 * up to the limit, and what they make: the type they infer to and a filter whose allowed
 * values they are, sorted by {@link ValueOrder}.
 */
final class DistinctValues {

	private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	private final String name;

	private final int limit;

	private final Set<String> values = new LinkedHashSet<>();

	private boolean tooMany;

	private boolean formulasWithoutResult;

	DistinctValues(String name, int limit) {
		this.name = name;
		this.limit = limit;
	}

	String name() {
		return this.name;
	}

	/** Whether the column has more distinct values than the limit. */
	boolean tooMany() {
		return this.tooMany;
	}

	boolean isEmpty() {
		return this.values.isEmpty();
	}

	/** Whether a cell of the column is a formula without a saved result. */
	boolean formulasWithoutResult() {
		return this.formulasWithoutResult;
	}

	void formulaWithoutResult() {
		this.formulasWithoutResult = true;
	}

	void add(String value) {
		if (value.isEmpty() || this.tooMany || this.values.contains(value)) {
			return;
		}
		if (this.values.size() == this.limit) {
			this.tooMany = true;
			return;
		}
		this.values.add(value);
	}

	DataExtracts.Column describe() {
		List<String> all = List.copyOf(this.values);
		return new DataExtracts.Column(this.name, type(),
				all.subList(0, Math.min(DataExtracts.SAMPLE_SIZE, all.size())), all.size(), this.tooMany);
	}

	/**
	 * The inferred type, or text when a value only looks like the type (a 25-digit ID, a
	 * 13th month).
	 */
	FilterType type() {
		if (this.values.isEmpty()) {
			return FilterType.TEXT;
		}
		FilterType type = FilterFileReader.infer(List.copyOf(this.values));
		try {
			parse(type);
			return type;
		}
		catch (IllegalArgumentException ex) {
			return FilterType.TEXT;
		}
	}

	private List<Object> parse(FilterType type) {
		List<Object> typed = new ArrayList<>(this.values.size());
		for (String text : this.values) {
			// A date-time column read from Excel writes its midnights as plain dates.
			String value = (type == FilterType.DATETIME && DATE.matcher(text).matches()) ? text + "T00:00:00" : text;
			typed.add(type.parse(FilterFileReader.normaliseBoolean(type, value)));
		}
		return typed;
	}

	Filter toFilter(String table) {
		FilterType type = type();
		List<Object> typed = parse(type);
		Comparator<Object> order = ValueOrder.order(type);
		typed.sort(order);
		List<Object> allowed = new ArrayList<>();
		for (Object value : typed) {
			// 5.5 and 5.50 are one decimal value.
			if (allowed.isEmpty() || order.compare(allowed.get(allowed.size() - 1), value) != 0) {
				allowed.add(value);
			}
		}
		return new Filter(this.name, table, this.name, type, false, false, allowed, List.of());
	}

}
