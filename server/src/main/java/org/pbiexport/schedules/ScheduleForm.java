package org.pbiexport.schedules;

import java.util.Arrays;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schedule form's fields as typed, kept as text so that a form with problems shows
 * everything again; made into the API's document, so the page and the API check a
 * schedule the same way.
 *
 * @param name the name
 * @param reportId the report's id
 * @param pages internal page names, one per line or separated by commas
 * @param format the format
 * @param filters the filters as a JSON object
 * @param each the filter column to make one file per value of
 * @param eachValues its values to make files for, one per line or separated by commas;
 * empty for every allowed value
 * @param combine whether the values' PDFs are joined into one PDF
 * @param cron the cron expression
 * @param timeZone the time zone
 * @param recipients e-mail addresses, one per line or separated by commas
 * @param subject the subject
 * @param enabled whether it runs by the clock
 */
public record ScheduleForm(String name, String reportId, String pages, String format, String filters, String each,
		String eachValues, boolean combine, String cron, String timeZone, String recipients, String subject,
		boolean enabled) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final ScheduleForm EMPTY = new ScheduleForm("", "", "", "pdf", "{}", "", "", false, "0 0 7 * * MON-FRI",
			"Europe/Berlin", "", "", true);

	public ScheduleForm {
		name = orEmpty(name);
		reportId = orEmpty(reportId);
		pages = orEmpty(pages);
		format = orEmpty(format);
		filters = orEmpty(filters);
		each = orEmpty(each);
		eachValues = orEmpty(eachValues);
		cron = orEmpty(cron);
		timeZone = orEmpty(timeZone);
		recipients = orEmpty(recipients);
		subject = orEmpty(subject);
	}

	static ScheduleForm of(Schedule schedule) {
		Schedule.Draft draft = schedule.draft();
		return new ScheduleForm(draft.name(), String.valueOf(draft.reportId()), String.join("\n", draft.pages()),
				draft.format(), JSON.writeValueAsString(draft.filters()), (draft.each() != null) ? draft.each() : "",
				(draft.eachValues() != null) ? String.join("\n", draft.eachValues()) : "", draft.combine(),
				draft.cron(), draft.timeZone(), String.join("\n", draft.recipients()), draft.subject(),
				draft.enabled());
	}

	/** The document of the admin API these fields make. */
	JsonNode document() {
		ObjectNode document = JsonNodeFactory.instance.objectNode();
		document.put("name", this.name);
		if (this.reportId.strip().matches("\\d{1,18}")) {
			document.put("report_id", Long.parseLong(this.reportId.strip()));
		}
		ArrayNode pageNames = document.putArray("pages");
		split(this.pages).forEach(pageNames::add);
		document.put("format", this.format);
		try {
			JsonNode parsed = this.filters.isBlank() ? JsonNodeFactory.instance.objectNode()
					: JSON.readTree(this.filters);
			document.set("filters", parsed);
		}
		catch (JacksonException ex) {
			document.put("filters", this.filters);
		}
		if (!this.each.isBlank()) {
			document.put("each", this.each.strip());
		}
		if (!this.eachValues.isBlank()) {
			ArrayNode values = document.putArray("each_values");
			split(this.eachValues).forEach(values::add);
		}
		if (this.combine) {
			document.put("combine", true);
		}
		document.put("cron", this.cron);
		document.put("time_zone", this.timeZone);
		ArrayNode addresses = document.putArray("recipients");
		split(this.recipients).forEach(addresses::add);
		if (!this.subject.isBlank()) {
			document.put("subject", this.subject);
		}
		document.put("enabled", this.enabled);
		return document;
	}

	private static java.util.List<String> split(String text) {
		return Arrays.stream(text.split("[\\n,;]")).map(String::strip).filter((part) -> !part.isEmpty()).toList();
	}

	private static String orEmpty(String text) {
		return (text != null) ? text : "";
	}

}
