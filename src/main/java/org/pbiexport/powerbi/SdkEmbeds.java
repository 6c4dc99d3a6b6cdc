package org.pbiexport.powerbi;

import java.util.List;
import java.util.Map;

/**
 * The Power BI JavaScript SDK's embed configuration and filter objects (POWERBI.md §4,
 * §8), as JSON-ready maps built from the same typed, validated values as URL filters.
 */
public final class SdkEmbeds {

	private SdkEmbeds() {
	}

	/**
	 * A basic filter: {@code {"$schema": …basic, "target": {table, column}, "filterType":
	 * 1, "operator": "In", "values": […]}}, numbers as numbers, text (digit-only too) as
	 * strings, dates ISO 8601.
	 */
	public static Map<String, Object> basicFilter(FilterCondition condition) {
		throw new UnsupportedOperationException("SdkEmbeds.basicFilter is not built yet");
	}

	/**
	 * The embed configuration: a report in view mode with its embed token, the page and
	 * the filters in the configuration itself (never set after loading), panes hidden
	 * when asked, transparent background.
	 */
	public static Map<String, Object> config(String reportId, String embedUrl, String embedToken, String pageName,
			List<FilterCondition> filters, boolean hidePanes) {
		throw new UnsupportedOperationException("SdkEmbeds.config is not built yet");
	}

}
