package org.pbiexport.export;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.CatalogProblems;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.InvalidReportId;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.ReportRules;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import org.springframework.stereotype.Component;

/**
 * Checks an export request against the catalogue as docs/contract.md says: an unknown
 * report or page is a 404; every other problem (unknown filter column, a value outside
 * the allowed ones or of the wrong type, several values for a single filter, a missing
 * required filter, format, size, scale) is one entry of a 400, all of them reported at
 * once. Filters not sent take their default.
 */
@Component
class ExportPlanner {

	/** The smallest capture size: the catalogue's smallest page. */
	public static final int MIN_SIZE = ReportRules.MIN_PAGE_SIZE;

	/** The largest capture size: the catalogue's largest page. */
	public static final int MAX_SIZE = ReportRules.MAX_PAGE_SIZE;

	static final BigDecimal MIN_SCALE = BigDecimal.ONE;

	static final BigDecimal MAX_SCALE = BigDecimal.valueOf(3);

	private final Catalog catalog;

	ExportPlanner(Catalog catalog) {
		this.catalog = catalog;
	}

	ExportPlan plan(ExportInput input, ReportAccess access) {
		Report report = report(input, access);
		List<FieldProblem> problems = new ArrayList<>();
		ExportFormat format = format(input.format(), problems);
		List<Page> pages = pages(report, input.pages(), format, problems);
		List<ExportPlan.AppliedFilter> filters = filters(report, input.filters(), problems);
		Integer width = size("width", input.width(), problems);
		Integer height = size("height", input.height(), problems);
		BigDecimal scale = scale(input.scale(), problems);
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems);
		}
		return new ExportPlan(report, pages, filters, format, width, height, scale, input.download());
	}

	/** The enabled report the input names, if the caller may see it: else 400 or 404. */
	Report report(ExportInput input, ReportAccess access) {
		if (input.reportId() == null || input.reportId().isBlank()) {
			throw ApiProblem.invalid("report_id", "is required: the id of a report from /api/reports");
		}
		return report(input.reportId(), access);
	}

	private static ExportFormat format(String format, List<FieldProblem> problems) {
		if (format == null || format.isBlank()) {
			return ExportFormat.PNG;
		}
		return ExportFormat.fromWireName(format).orElseGet(() -> {
			problems.add(new FieldProblem("format",
					"must be one of " + String.join(", ", ExportFormat.wireNames()) + ", got '" + format + "'",
					ExportFormat.wireNames()));
			return ExportFormat.PNG;
		});
	}

	private static List<Page> pages(Report report, List<String> names, ExportFormat format,
			List<FieldProblem> problems) {
		if (names.isEmpty()) {
			return format.document() ? report.pages() : report.pages().subList(0, Math.min(1, report.pages().size()));
		}
		List<Page> pages = new ArrayList<>();
		for (String name : names) {
			Page page = report.page(name)
				.orElseThrow(() -> ApiProblem.notFound("Report " + report.id() + " has no page named '" + name
						+ "'. Its pages are: " + String.join(", ", report.pages().stream().map(Page::name).toList())
						+ " (internal names, see /api/pages/" + report.id() + ")."));
			if (!pages.contains(page)) {
				pages.add(page);
			}
		}
		if (!format.document() && pages.size() > 1) {
			problems.add(new FieldProblem("page", format.wireName() + " shows one page; ask for pdf to get several"));
		}
		return pages;
	}

	private static List<ExportPlan.AppliedFilter> filters(Report report, Map<String, List<String>> sent,
			List<FieldProblem> problems) {
		for (String column : sent.keySet()) {
			if (report.filter(column).isEmpty()) {
				problems.add(new FieldProblem("filters." + column, "is not a filter of this report; its filters are: "
						+ String.join(", ", report.filters().stream().map(Filter::column).toList())));
			}
		}
		List<ExportPlan.AppliedFilter> applied = new ArrayList<>();
		for (Filter filter : report.filters()) {
			List<Object> values = values(filter, sent.get(filter.column()), problems);
			if (!values.isEmpty()) {
				applied.add(new ExportPlan.AppliedFilter(filter, values));
			}
		}
		return applied;
	}

	private static List<Object> values(Filter filter, List<String> sent, List<FieldProblem> problems) {
		String field = "filters." + filter.column();
		if (sent == null || sent.isEmpty()) {
			if (filter.required() && filter.defaults().isEmpty()) {
				problems.add(new FieldProblem(field,
						"is required: choose " + (filter.multiple() ? "one or more" : "one") + " of the allowed values",
						filter.allowedValuesJson()));
			}
			return filter.defaults();
		}
		if (!filter.multiple() && sent.size() > 1) {
			problems.add(new FieldProblem(field, "takes one value, got " + sent.size(), filter.allowedValuesJson()));
			return List.of();
		}
		List<Object> values = new ArrayList<>();
		for (String text : sent) {
			try {
				Object value = filter.allowedValue(filter.type().parse(text)).orElse(null);
				if (value == null) {
					problems.add(new FieldProblem(field, "'" + text + "' is not an allowed value",
							filter.allowedValuesJson()));
				}
				else if (!values.contains(value)) {
					values.add(value);
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add(new FieldProblem(field, ex.getMessage(), filter.allowedValuesJson()));
			}
		}
		values.sort(Comparator.comparingInt(filter.allowedValues()::indexOf));
		return values;
	}

	private Report report(String id, ReportAccess access) {
		try {
			return this.catalog.enabledReport(ReportId.parse("report_id", id), access);
		}
		catch (UnknownReport | InvalidReportId ex) {
			throw CatalogProblems.problemOf(ex);
		}
	}

	private static Integer size(String field, String text, List<FieldProblem> problems) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			int value = Integer.parseInt(text.trim());
			if (value >= MIN_SIZE && value <= MAX_SIZE) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problems.add(new FieldProblem(field,
				"must be a whole number of CSS pixels from " + MIN_SIZE + " to " + MAX_SIZE + ", got '" + text + "'"));
		return null;
	}

	private static BigDecimal scale(String text, List<FieldProblem> problems) {
		if (text == null || text.isBlank()) {
			return BigDecimal.ONE;
		}
		try {
			BigDecimal value = new BigDecimal(text.trim());
			if (value.compareTo(MIN_SCALE) >= 0 && value.compareTo(MAX_SCALE) <= 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problems
			.add(new FieldProblem("scale", "must be a number from 1 to 3 (device pixel ratio), got '" + text + "'"));
		return BigDecimal.ONE;
	}

}
