package org.pbiexport.schedules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.jspecify.annotations.Nullable;
import org.pbiexport.export.ScheduledExports;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;
import org.pbiexport.web.Text;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a schedule document (docs/contract.md, "Schedules") and checks every field at
 * once: the export part as any export is checked (report, pages, format, filter values),
 * {@code each}, {@code each_values} and {@code combine} as {@code POST /api/exports}
 * checks them, the cron expression, the time zone and each recipient. Every problem is
 * one entry of a single 400, named as in the document.
 */
@Component
class ScheduleRules {

	/**
	 * Filled by the server; ignored on input so a document from a GET can be sent back.
	 */
	static final Set<String> SERVER_FIELDS = Set.of("schedule_id", "next_runs", "created_at", "updated_at",
			"updated_by");

	static final Set<String> FIELDS = Set.of("name", "report_id", "pages", "format", "filters", "each", "each_values",
			"combine", "cron", "time_zone", "recipients", "subject", "enabled");

	static final int MAX_RECIPIENTS = 50;

	private final ScheduledExports exports;

	ScheduleRules(ScheduledExports exports) {
		this.exports = exports;
	}

	/**
	 * The checked schedule.
	 * @throws ApiProblem 400 with one entry per problem
	 */
	Schedule.Draft read(JsonNode document) {
		if (document == null || !document.isObject()) {
			throw ApiProblem.invalid("body", "must be a JSON object such as {\"name\": \"Monthly pack\", ...}");
		}
		List<FieldProblem> problems = new ArrayList<>();
		for (String field : document.propertyNames()) {
			if (!FIELDS.contains(field) && !SERVER_FIELDS.contains(field)) {
				problems.add(new FieldProblem(field, "is not a field of a schedule"));
			}
		}
		String name = text(document, "name", 200, true, problems);
		long reportId = document.path("report_id").isIntegralNumber() ? document.get("report_id").asLong() : 0;
		List<String> pages = new ArrayList<>();
		document.path("pages").forEach((page) -> pages.add(page.asString()));
		String format = document.path("format").isString() ? document.get("format").asString() : "pdf";
		ObjectNode filters = document.path("filters").isObject() ? (ObjectNode) document.get("filters")
				: JsonNodeFactory.instance.objectNode();
		ObjectNode request = JsonNodeFactory.instance.objectNode();
		for (String field : List.of("report_id", "pages", "format", "filters")) {
			if (document.has(field)) {
				request.set(field, document.get(field));
			}
		}
		request.put("format", format);
		String each = burst(document, request);
		checkExport(request, problems);
		String cron = text(document, "cron", 200, true, problems);
		if (cron != null) {
			CronTimes.cronProblem(cron).ifPresent((problem) -> problems.add(FieldProblem.of("cron", problem)));
		}
		String zone = text(document, "time_zone", 100, false, problems);
		if (zone == null) {
			zone = "UTC";
		}
		else if (CronTimes.zone(zone).isEmpty()) {
			problems.add(FieldProblem.of("time_zone", Text.of("sched.problem.zone",
					"is not a time zone: use a name of the IANA time zone database such as Europe/Berlin or UTC, got '"
							+ zone + "'",
					zone)));
		}
		List<String> recipients = recipients(document.get("recipients"), problems);
		String subject = text(document, "subject", 300, false, problems);
		JsonNode enabled = document.get("enabled");
		if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
			problems.add(new FieldProblem("enabled", "must be true or false"));
		}
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems);
		}
		List<String> eachValues = (each != null && request.path("each_values").isArray())
				? request.get("each_values").valueStream().map(JsonNode::asString).toList() : null;
		boolean combine = each != null && request.path("combine").asBoolean(false);
		return new Schedule.Draft(name, reportId, pages, format, filters, each, eachValues, combine, cron, zone.strip(),
				recipients, (subject != null) ? subject : name + " {date}", enabled == null || enabled.asBoolean(true));
	}

	/**
	 * Adds {@code each}, {@code each_values} and {@code combine} to the export to check,
	 * as {@code POST /api/exports} reads them; the column, or null for one file. Without
	 * {@code each}, {@code "each_values": null} and {@code "combine": false} are what a
	 * GET answers, so they are taken for absent.
	 */
	private static @Nullable String burst(JsonNode document, ObjectNode request) {
		JsonNode each = document.get("each");
		boolean none = each == null || each.isNull() || (each.isString() && each.asString().isBlank());
		JsonNode values = document.get("each_values");
		JsonNode combine = document.get("combine");
		if (none && (values == null || values.isNull())
				&& (combine == null || combine.isNull() || (combine.isBoolean() && !combine.asBoolean()))) {
			return null;
		}
		for (String field : List.of("each", "each_values", "combine")) {
			if (document.has(field)) {
				request.set(field, document.get(field));
			}
		}
		if (each != null && each.isString()) {
			request.put("each", each.asString().strip());
		}
		return (each != null && each.isString() && !each.asString().isBlank()) ? each.asString().strip() : null;
	}

	/**
	 * Checks the export part as an export, one file per value included.
	 */
	private void checkExport(ObjectNode request, List<FieldProblem> problems) {
		if (!request.path("report_id").isIntegralNumber()) {
			problems.add(FieldProblem.of("report_id",
					Text.of("sched.problem.report.required", "is required: the id of a report, such as 1")));
			return;
		}
		try {
			this.exports.check(request);
		}
		catch (ApiProblem ex) {
			if (ex.status() == HttpStatus.NOT_FOUND) {
				String id = request.get("report_id").asString();
				problems.add(FieldProblem.of("report_id", Text.of("sched.problem.report.unknown",
						"there is no enabled report with id " + id + "; see /api/admin/reports", id)));
				return;
			}
			problems.addAll(ex.errors().isEmpty() ? List.of(new FieldProblem("body", ex.getMessage())) : ex.errors());
		}
	}

	private static List<String> recipients(@Nullable JsonNode list, List<FieldProblem> problems) {
		List<String> recipients = new ArrayList<>();
		if (list == null || !list.isArray() || list.isEmpty()) {
			problems.add(FieldProblem.of("recipients",
					Text.of("sched.problem.recipients.none", "must list at least one e-mail address")));
			return recipients;
		}
		if (list.size() > MAX_RECIPIENTS) {
			problems.add(FieldProblem.of("recipients", Text.of("sched.problem.recipients.many",
					"may list at most " + MAX_RECIPIENTS + " addresses", MAX_RECIPIENTS)));
		}
		for (int i = 0; i < list.size(); i++) {
			String address = list.get(i).isString() ? list.get(i).asString().strip() : "";
			if (!isAddress(address)) {
				String given = shortened(list.get(i));
				problems.add(FieldProblem.of("recipients[" + i + "]", Text.of("sched.problem.recipient",
						"is not an e-mail address such as bi-team@example.com: '" + given + "'", given)));
			}
			recipients.add(address);
		}
		return recipients;
	}

	static boolean isAddress(String address) {
		if (address.isEmpty() || address.length() > 254) {
			return false;
		}
		try {
			InternetAddress parsed = new InternetAddress(address, true);
			parsed.validate();
			return parsed.getPersonal() == null && address.equals(parsed.getAddress()) && address.contains("@");
		}
		catch (AddressException ex) {
			return false;
		}
	}

	private static @Nullable String text(JsonNode document, String field, int max, boolean required,
			List<FieldProblem> problems) {
		JsonNode node = document.get(field);
		if (node == null || node.isNull() || (node.isString() && node.asString().isBlank())) {
			if (required) {
				problems.add(FieldProblem.of(field, Text.of("sched.problem.required", "is required")));
			}
			return null;
		}
		if (!node.isString()) {
			problems.add(FieldProblem.of(field, Text.of("sched.problem.text", "must be text")));
			return null;
		}
		String text = node.asString().strip();
		if (text.length() > max) {
			problems.add(FieldProblem.of(field,
					Text.of("sched.problem.long", "may have at most " + max + " characters", max)));
		}
		return text;
	}

	private static String shortened(JsonNode node) {
		String text = node.isString() ? node.asString() : node.toString();
		return (text.length() > 60) ? text.substring(0, 60) + "…" : text;
	}

}
