package org.pbiexport.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.ReportId;

/**
 * What a new API key may be, for the admin page and the admin API alike: a name of 1 to
 * 100 characters, page origins written as origins, and reports that exist.
 */
final class ApiKeyRules {

	private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?");

	private ApiKeyRules() {
	}

	/**
	 * The problems of a key to be made, field name to message; empty when it may be made.
	 */
	static Map<String, String> problems(String name, Set<String> origins, Set<Long> reportIds, Catalog catalog) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (name.isEmpty() || name.length() > 100) {
			errors.put("name", "Give the key a name of 1 to 100 characters, such as the site that uses it.");
		}
		for (String origin : origins) {
			if (!ORIGIN.matcher(origin).matches()) {
				errors.put("origins",
						"'" + origin + "' is not an origin; write them like https://intranet.example.com");
			}
		}
		for (Long id : reportIds) {
			if (id == null || id < 1 || catalog.find(new ReportId(id)).isEmpty()) {
				errors.put("reports", "There is no report " + id + ".");
			}
		}
		return errors;
	}

}
