package org.pbiexport.schedules;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.jspecify.annotations.Nullable;

/**
 * The schedule API's documents as the OpenAPI document shows them (docs/contract.md,
 * Schedules), so that generated clients get typed models. They only describe: the body is
 * read from the JSON tree by {@link Schedules} so that every bad field is named in one
 * 400, and answers are written by {@link ScheduleApi}.
 */
final class ScheduleJson {

	private ScheduleJson() {
	}

	/** A schedule to make or replace; unknown fields are a 400. */
	@Schema(name = "ScheduleInput")
	record Input(
			@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = 200,
					example = "Monthly regional pack") String name,
			@JsonProperty("report_id") @Schema(requiredMode = RequiredMode.REQUIRED, example = "1") long reportId,
			@ArraySchema(arraySchema = @Schema(
					description = "internal page names; empty: as POST /api/export")) @Nullable List<String> pages,
			@Schema(allowableValues = {
					"png", "pdf", "pptx", "zip" }, defaultValue = "pdf") @Nullable String format,
			@Schema(description = "column -> value, or a list of values for a multiple filter; checked as for "
					+ "POST /api/export") @Nullable Map<String, Object> filters,
			@Schema(description = "one of the report's filter columns") @Nullable String each,
			@JsonProperty("each_values") @ArraySchema(arraySchema = @Schema(
					description = "with each: the values to make one file for; absent: all allowed values")) @Nullable List<Object> eachValues,
			@Schema(description = "with each and format pdf: one combined PDF instead of a ZIP") @Nullable Boolean combine,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					description = "Spring's six fields: second minute hour day-of-month month day-of-week",
					example = "0 0 7 1 * *") String cron,
			@JsonProperty("time_zone") @Schema(description = "an IANA name", defaultValue = "UTC",
					example = "Europe/Berlin") @Nullable String timeZone,
			@ArraySchema(minItems = 1, maxItems = 50,
					arraySchema = @Schema(requiredMode = RequiredMode.REQUIRED,
							example = "[\"bi-team@example.com\"]")) List<String> recipients,
			@Schema(maxLength = 300, description = "default `<name> {date}`",
					example = "Sales pack {date}") @Nullable String subject,
			@Schema(defaultValue = "true") @Nullable Boolean enabled){
	}

	/** A stored schedule with its next run times. */
	@Schema(name = "ScheduleDocument")
	record Document(@JsonProperty("schedule_id") long scheduleId, String name, @JsonProperty("report_id") long reportId,
			List<String> pages, String format, Map<String, Object> filters, @Nullable String each,
			@JsonProperty("each_values") @Nullable List<Object> eachValues, boolean combine, String cron,
			@JsonProperty("time_zone") String timeZone, List<String> recipients, String subject, boolean enabled,
			@JsonProperty("next_runs") @ArraySchema(arraySchema = @Schema(
					description = "the next five run times, ISO 8601 with the zone's offset; empty while disabled")) List<String> nextRuns,
			@JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
			@JsonProperty("updated_by") String updatedBy) {
	}

	@Schema(name = "ScheduleList")
	record Listing(List<Document> schedules) {
	}

	/** A run started now. */
	@Schema(name = "ScheduleRunStarted")
	record Started(@JsonProperty("run_id") long runId, @Schema(allowableValues = "running") String status,
			@JsonProperty("runs_url") String runsUrl) {
	}

	/** One run of a schedule. */
	@Schema(name = "ScheduleRun")
	record Run(@JsonProperty("run_id") long runId, @Schema(allowableValues = {
			"cron", "manual" }) String trigger, @JsonProperty("due_at") @Nullable String dueAt,
			@Schema(allowableValues = { "running", "sent", "failed" }) String status,
			@JsonProperty("started_at") String startedAt, @JsonProperty("finished_at") @Nullable String finishedAt,
			@Nullable String error, @JsonProperty("file_name") @Nullable String fileName,
			@JsonProperty("file_size") @Nullable Long fileSize,
			@Schema(allowableValues = { "attached", "link" }) @Nullable String delivery, String instance){
	}

	@Schema(name = "ScheduleRuns")
	record Runs(List<Run> runs) {
	}

}
