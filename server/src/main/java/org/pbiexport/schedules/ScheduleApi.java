package org.pbiexport.schedules;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;
import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * The admin API for schedules (docs/contract.md, "Schedules"): make, read, change and
 * delete them, start a run now, and read the run history.
 */
@RestController
@RequestMapping("/api/admin/schedules")
@Tag(name = "Admin")
@SecurityRequirement(name = "basicAuth")
class ScheduleApi {

	static final int NEXT_RUNS = 5;

	private final Schedules schedules;

	ScheduleApi(Schedules schedules) {
		this.schedules = schedules;
	}

	@GetMapping
	@Operation(operationId = "adminListSchedules", summary = "Every schedule, ordered by name",
			responses = @ApiResponse(responseCode = "200", description = "The schedules",
					content = @Content(schema = @Schema(implementation = ScheduleJson.Listing.class))))
	Map<String, Object> list() {
		Instant now = this.schedules.now();
		return Map.of("schedules", this.schedules.list().stream().map((s) -> document(s, now)).toList());
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "adminCreateSchedule",
			summary = "Make a schedule; answers it with its next five run times",
			responses = @ApiResponse(responseCode = "201", description = "The stored schedule, with its Location",
					content = @Content(schema = @Schema(implementation = ScheduleJson.Document.class))))
	ResponseEntity<Map<String, Object>> create(
			@RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = ScheduleJson.Input.class))) JsonNode body,
			Principal admin) {
		Schedule created = this.schedules.create(body, admin.getName());
		return ResponseEntity.created(URI.create("/api/admin/schedules/" + created.id()))
			.body(document(created, this.schedules.now()));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "adminGetSchedule", summary = "A schedule with its next five run times",
			responses = @ApiResponse(responseCode = "200", description = "The schedule",
					content = @Content(schema = @Schema(implementation = ScheduleJson.Document.class))))
	Map<String, Object> get(@PathVariable("id") String id) {
		return document(this.schedules.get(id(id)), this.schedules.now());
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "adminReplaceSchedule", summary = "Replace a schedule",
			responses = @ApiResponse(responseCode = "200", description = "The stored schedule",
					content = @Content(schema = @Schema(implementation = ScheduleJson.Document.class))))
	Map<String, Object> replace(@PathVariable("id") String id,
			@RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = ScheduleJson.Input.class))) JsonNode body,
			Principal admin) {
		return document(this.schedules.update(id(id), body, admin.getName()), this.schedules.now());
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "adminDeleteSchedule", summary = "Delete a schedule and its run history",
			responses = @ApiResponse(responseCode = "204", description = "Deleted"))
	ResponseEntity<Void> delete(@PathVariable("id") String id, Principal admin) {
		this.schedules.delete(id(id), admin.getName());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/run")
	@Operation(operationId = "adminRunSchedule",
			summary = "Run a schedule now, whatever its times; follow the run in its history",
			responses = @ApiResponse(responseCode = "202", description = "The run started; Location is its history",
					content = @Content(schema = @Schema(implementation = ScheduleJson.Started.class))))
	ResponseEntity<Map<String, Object>> run(@PathVariable("id") String id, Principal admin) {
		long scheduleId = id(id);
		ScheduleRunner.Started started = this.schedules.runNow(scheduleId, admin.getName());
		String runs = "/api/admin/schedules/" + scheduleId + "/runs";
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("run_id", started.runId());
		body.put("status", "running");
		body.put("runs_url", runs);
		return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(runs)).body(body);
	}

	@GetMapping("/{id}/runs")
	@Operation(operationId = "adminScheduleRuns", summary = "The latest runs of a schedule, newest first",
			responses = @ApiResponse(responseCode = "200", description = "The runs",
					content = @Content(schema = @Schema(implementation = ScheduleJson.Runs.class))))
	Map<String, Object> runs(@PathVariable("id") String id) {
		long scheduleId = id(id);
		this.schedules.get(scheduleId);
		return Map.of("runs", this.schedules.runs(scheduleId).stream().map(ScheduleApi::run).toList());
	}

	static long id(String text) {
		if (text.matches("[1-9]\\d{0,17}")) {
			return Long.parseLong(text);
		}
		throw ApiProblem.invalid("schedule_id", "must be a positive whole number, got '"
				+ ((text.length() > 40) ? text.substring(0, 40) + "…" : text) + "'");
	}

	static Map<String, Object> document(Schedule schedule, Instant now) {
		Schedule.Draft draft = schedule.draft();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("schedule_id", schedule.id());
		json.put("name", draft.name());
		json.put("report_id", draft.reportId());
		json.put("pages", draft.pages());
		json.put("format", draft.format());
		json.put("filters", draft.filters());
		json.put("each", draft.each());
		json.put("each_values", draft.eachValues());
		json.put("combine", draft.combine());
		json.put("cron", draft.cron());
		json.put("time_zone", draft.timeZone());
		json.put("recipients", draft.recipients());
		json.put("subject", draft.subject());
		json.put("enabled", draft.enabled());
		json.put("next_runs",
				draft.enabled() ? CronTimes.next(draft.cron(), ZoneId.of(draft.timeZone()), now, NEXT_RUNS)
					.stream()
					.map(CronTimes::iso)
					.toList() : List.of());
		json.put("created_at", schedule.createdAt().toString());
		json.put("updated_at", schedule.updatedAt().toString());
		json.put("updated_by", schedule.updatedBy());
		return json;
	}

	static Map<String, Object> run(Schedule.Run run) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("run_id", run.id());
		json.put("trigger", run.trigger());
		json.put("due_at", text(run.dueAt()));
		json.put("status", run.status());
		json.put("started_at", run.startedAt().toString());
		json.put("finished_at", text(run.finishedAt()));
		json.put("error", run.error());
		json.put("file_name", run.fileName());
		json.put("file_size", run.fileSize());
		json.put("delivery", run.delivery());
		json.put("instance", run.instance());
		return json;
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
