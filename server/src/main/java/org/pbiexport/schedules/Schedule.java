package org.pbiexport.schedules;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored schedule.
 *
 * @param id its id
 * @param draft what the admin wrote
 * @param nextRun when it is due next; null while disabled
 * @param createdAt when it was made
 * @param updatedAt when it was last changed
 * @param updatedBy who changed it last
 */
record Schedule(long id, Draft draft, @Nullable Instant nextRun, Instant createdAt, Instant updatedAt,
		String updatedBy) {

	/**
	 * A schedule as the admin wrote it, checked.
	 *
	 * @param name what the admin calls it
	 * @param reportId the report exported
	 * @param pages internal page names, empty for every page
	 * @param format the file format
	 * @param filters column → value or values, as in {@code POST /api/export}
	 * @param each the filter column to make one file per value of, or null
	 * @param eachValues the values of {@code each} to make files for; null for every
	 * allowed value
	 * @param combine whether the values' PDFs are joined into one PDF rather than zipped
	 * @param cron six fields: second minute hour day-of-month month day-of-week
	 * @param timeZone the zone the cron expression is read in
	 * @param recipients e-mail addresses
	 * @param subject the mail's subject; {@code {date}} and {@code {name}} are filled in
	 * @param enabled whether it runs by the clock
	 */
	record Draft(String name, long reportId, List<String> pages, String format, ObjectNode filters,
			@Nullable String each, @Nullable List<String> eachValues, boolean combine, String cron, String timeZone,
			List<String> recipients, String subject, boolean enabled) {

		Draft {
			pages = List.copyOf(pages);
			recipients = List.copyOf(recipients);
			eachValues = (eachValues != null) ? List.copyOf(eachValues) : null;
		}

		/**
		 * The export as {@code POST /api/export}'s body; with {@code each}, as
		 * {@code POST /api/exports}'s.
		 */
		JsonNode exportRequest() {
			ObjectNode request = JsonNodeFactory.instance.objectNode();
			request.put("report_id", this.reportId);
			ArrayNode pageNames = request.putArray("pages");
			this.pages.forEach(pageNames::add);
			request.put("format", this.format);
			request.set("filters", this.filters);
			if (this.each != null) {
				request.put("each", this.each);
				if (this.eachValues != null) {
					ArrayNode values = request.putArray("each_values");
					this.eachValues.forEach(values::add);
				}
				request.put("combine", this.combine);
			}
			return request;
		}

	}

	/**
	 * One run.
	 *
	 * @param id its id
	 * @param scheduleId the schedule
	 * @param trigger {@code cron} or {@code manual}
	 * @param dueAt the time the cron expression said, null for a manual run
	 * @param startedAt when it started
	 * @param finishedAt when it ended, null while running
	 * @param status {@code running}, {@code sent} or {@code failed}
	 * @param error why it failed, in words; for a sent run with one file per value, the
	 * values left out and why
	 * @param fileName the file made
	 * @param fileSize its size in bytes
	 * @param delivery {@code attached} or {@code link}
	 * @param instance the instance that ran it
	 */
	record Run(long id, long scheduleId, String trigger, @Nullable Instant dueAt, Instant startedAt,
			@Nullable Instant finishedAt, String status, @Nullable String error, @Nullable String fileName,
			@Nullable Long fileSize, @Nullable String delivery, String instance) {
	}

}
