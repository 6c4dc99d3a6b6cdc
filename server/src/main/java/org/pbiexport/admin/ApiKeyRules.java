package org.pbiexport.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.web.Text;

/**
 * What a new API key may be, for the admin page and the admin API alike: a name of 1 to
 * 100 characters, page origins written as origins, and reports that exist.
 */
final class ApiKeyRules {

	private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?");

	private ApiKeyRules() {
	}

	/**
	 * When a key given {@code text} expires: an ISO date (the key works to the end of
	 * that day, UTC) or an instant; null for never (blank). A date or instant not in the
	 * future, or text that is neither, is a problem on {@code field}.
	 */
	static @Nullable Instant expiry(@Nullable String text, String field, Instant now, Map<String, Text> errors) {
		if (text == null || text.isBlank()) {
			return null;
		}
		Instant expires;
		try {
			expires = (text.strip().length() == 10)
					? LocalDate.parse(text.strip()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
					: Instant.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			errors.put(field,
					Text.of("keys.problem.expiry", "'" + text.strip()
							+ "' is not a date or an instant; write it like 2027-01-31 or 2027-01-31T18:00:00Z.",
							text.strip()));
			return null;
		}
		if (!expires.isAfter(now)) {
			errors.put(field, Text.of("keys.problem.past",
					"'" + text.strip() + "' is in the past; a key must expire in the future, or never.", text.strip()));
			return null;
		}
		return expires;
	}

	/**
	 * The problems of a key to be made, field name to message; empty when it may be made.
	 */
	static Map<String, Text> problems(String name, Set<String> origins, Set<Long> reportIds, Catalog catalog) {
		Map<String, Text> errors = new LinkedHashMap<>();
		if (name.isEmpty() || name.length() > 100) {
			errors.put("name", Text.of("keys.problem.name",
					"Give the key a name of 1 to 100 characters, such as the site that uses it."));
		}
		for (String origin : origins) {
			if (!ORIGIN.matcher(origin).matches()) {
				errors.put("origins", Text.of("keys.problem.origin",
						"'" + origin + "' is not an origin; write them like https://intranet.example.com", origin));
			}
		}
		for (Long id : reportIds) {
			if (id == null || id < 1 || catalog.find(new ReportId(id)).isEmpty()) {
				errors.put("reports", Text.of("keys.problem.report", "There is no report " + id + ".", id));
			}
		}
		return errors;
	}

}
