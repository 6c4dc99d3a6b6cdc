package org.pbiexport.export;

import java.util.ArrayList;
import java.util.List;

import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;
import org.pbiexport.powerbi.EmbedKind;
import org.pbiexport.powerbi.FilterCondition;
import org.pbiexport.powerbi.FilterExpressions;
import org.pbiexport.powerbi.FilterNotExpressible;
import org.pbiexport.powerbi.LiteralKind;
import org.pbiexport.powerbi.QueryTooLong;
import org.pbiexport.powerbi.RenderUrls;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import org.springframework.stereotype.Component;

/**
 * Turns a checked export into the addresses to render, with Power BI's URL filter
 * language: the registered address plus {@code pageName} and {@code filter} (POWERBI.md
 * §2–3). The built-in demo report is registered by path and resolved against the address
 * the app is reached at.
 */
@Component
public class RenderTargets {

	public RenderTarget of(ExportPlan plan, String appBaseUrl) {
		Report report = plan.report();
		String filter = filterExpression(plan);
		String address = report.embedUrl().startsWith("/") ? appBaseUrl + report.embedUrl() : report.embedUrl();
		boolean hidePanes = (report.settings().hidePanes() == null) || report.settings().hidePanes();
		boolean pageChoice = EmbedKind.fromWireName(report.embedKind()).supportsPageChoice();
		List<String> urls = new ArrayList<>();
		try {
			for (Page page : plan.pages()) {
				urls.add(RenderUrls.build(address, pageChoice ? page.name() : null, report.settings().filterParam(),
						filter, hidePanes));
			}
		}
		catch (QueryTooLong ex) {
			throw ApiProblem.invalid("filters", ex.getMessage());
		}
		return new RenderTarget(urls, filter);
	}

	private static String filterExpression(ExportPlan plan) {
		if (plan.filters().isEmpty()) {
			return null;
		}
		List<FilterCondition> conditions = plan.filters()
			.stream()
			.map((applied) -> FilterCondition.of(applied.filter().table(), applied.filter().column(),
					kind(applied.filter().type()), applied.values()))
			.toList();
		try {
			return FilterExpressions.build(conditions, plan.report().settings().allowBooleanUrlFilters());
		}
		catch (FilterNotExpressible ex) {
			String field = (ex.column() != null) ? "filters." + ex.column() : "filters";
			throw ApiProblem.invalid(List.of(new FieldProblem(field, ex.getMessage())));
		}
	}

	static LiteralKind kind(FilterType type) {
		return switch (type) {
			case TEXT -> LiteralKind.TEXT;
			case INTEGER -> LiteralKind.INTEGER;
			case DECIMAL -> LiteralKind.DECIMAL;
			case DATE -> LiteralKind.DATE;
			case DATETIME -> LiteralKind.DATETIME;
			case BOOLEAN -> LiteralKind.BOOLEAN;
		};
	}

}
