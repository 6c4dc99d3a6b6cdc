package org.pbiexport.powerbi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The Power BI JavaScript SDK's embed configuration and filter objects
 * (docs/powerbi-rules.md), as JSON-ready maps built from the same typed, validated values
 * as URL filters. Enum values are powerbi-models' numbers: {@code TokenType.Embed = 1},
 * {@code Permissions.Read = 0}, {@code ViewMode.View = 0}, {@code FilterType.Basic = 1},
 * {@code BackgroundType.Transparent = 1}.
 */
public final class SdkEmbeds {

	/** The schema name powerbi-models gives basic filters. */
	public static final String BASIC_FILTER_SCHEMA = "http://powerbi.com/product/schema#basic";

	/**
	 * Dates and date-times as powerbi-models documents them (its README, "Date
	 * Formatting"): ISO 8601 the way JavaScript's {@code Date.toJSON()} writes them, with
	 * milliseconds and {@code Z}. Power BI's date columns have no time zone, so the wall
	 * clock is written as it is, never shifted.
	 */
	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

	private static final int FILTER_TYPE_BASIC = 1;

	private static final int TOKEN_TYPE_EMBED = 1;

	private static final int PERMISSIONS_READ = 0;

	private static final int VIEW_MODE_VIEW = 0;

	private static final int BACKGROUND_TRANSPARENT = 1;

	private SdkEmbeds() {
	}

	/**
	 * A basic filter: {@code {"$schema": …basic, "target": {table, column}, "filterType":
	 * 1, "operator": "In", "values": […]}}, numbers as numbers, text (digit-only too) as
	 * strings, booleans as booleans, dates and date-times as ISO 8601 date-times
	 * ({@code 2019-05-20T00:00:00.000Z}).
	 * @throws IllegalArgumentException for a comparison ({@code ne}, {@code gt}, …),
	 * which a basic filter cannot express, or a value it cannot carry exactly
	 */
	public static Map<String, Object> basicFilter(FilterCondition condition) {
		if (condition.operator() != FilterCondition.Operator.EQ
				&& condition.operator() != FilterCondition.Operator.IN) {
			throw new IllegalArgumentException("A Power BI basic filter only selects values (eq or in); '"
					+ condition.operator().keyword() + "' on " + condition.table() + "/" + condition.column()
					+ " cannot be sent to the JavaScript SDK.");
		}
		List<Object> values = new ArrayList<>();
		for (Object value : condition.values()) {
			values.add(value(condition, value));
		}
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("table", condition.table());
		target.put("column", condition.column());
		Map<String, Object> filter = new LinkedHashMap<>();
		filter.put("$schema", BASIC_FILTER_SCHEMA);
		filter.put("target", Collections.unmodifiableMap(target));
		filter.put("filterType", FILTER_TYPE_BASIC);
		filter.put("operator", "In");
		filter.put("values", Collections.unmodifiableList(values));
		return Collections.unmodifiableMap(filter);
	}

	/**
	 * The embed configuration: a report in view mode with its embed token, the page and
	 * the filters in the configuration itself (never set after loading), panes hidden
	 * when asked, transparent background.
	 * @param pageName Power BI's internal page name, or null for the report's first page
	 */
	public static Map<String, Object> config(String reportId, String embedUrl, String embedToken,
			@Nullable String pageName, List<FilterCondition> filters, boolean hidePanes) {
		Objects.requireNonNull(reportId, "reportId");
		Objects.requireNonNull(embedUrl, "embedUrl");
		Objects.requireNonNull(embedToken, "embedToken");
		Map<String, Object> settings = new LinkedHashMap<>();
		if (hidePanes) {
			Map<String, Object> panes = new LinkedHashMap<>();
			panes.put("filters", Map.of("visible", false));
			panes.put("pageNavigation", Map.of("visible", false));
			settings.put("panes", Collections.unmodifiableMap(panes));
		}
		settings.put("background", BACKGROUND_TRANSPARENT);
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("type", "report");
		config.put("id", reportId);
		config.put("embedUrl", embedUrl);
		config.put("accessToken", embedToken);
		config.put("tokenType", TOKEN_TYPE_EMBED);
		config.put("permissions", PERMISSIONS_READ);
		config.put("viewMode", VIEW_MODE_VIEW);
		if (pageName != null && !pageName.isBlank()) {
			config.put("pageName", pageName);
		}
		config.put("filters", (filters != null) ? filters.stream().map(SdkEmbeds::basicFilter).toList() : List.of());
		config.put("settings", Collections.unmodifiableMap(settings));
		return Collections.unmodifiableMap(config);
	}

	private static Object value(FilterCondition condition, Object value) {
		if (value instanceof String || value instanceof Boolean || value instanceof BigDecimal
				|| value instanceof Integer) {
			return value;
		}
		if (value instanceof Long number) {
			if (Math.abs(number) > FilterExpressions.MAX_EXACT_INTEGER) {
				throw new IllegalArgumentException("The value " + number + " of " + condition.column()
						+ " is too large for the JavaScript SDK, which reads numbers as doubles (at most 2^53-1).");
			}
			return number;
		}
		if (value instanceof LocalDate date) {
			return DATE_TIME.format(date.atStartOfDay());
		}
		if (value instanceof LocalDateTime dateTime) {
			return DATE_TIME.format(dateTime);
		}
		throw new IllegalArgumentException("A value of " + condition.column()
				+ " is not text, a number, a date or a boolean, so no JavaScript " + "SDK filter can carry it.");
	}

}
