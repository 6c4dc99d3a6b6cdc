package org.pbiexport.export;

import java.util.ArrayList;
import java.util.List;

import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;
import org.pbiexport.powerbi.AddressRejected;
import org.pbiexport.powerbi.EmbedAddress;
import org.pbiexport.powerbi.EmbedAddresses;
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
 * language: the registered address plus {@code pageName} and {@code filter}
 * (docs/powerbi-rules.md). The built-in demo report is registered by path and resolved
 * against the address the app is reached at.
 * <p>
 * The address is checked again here, not only when it was registered: the allowed hosts
 * may have been narrowed since, and a report may reach the catalogue by other ways than
 * the admin API. A browser on the server must never be sent elsewhere.
 */
@Component
class RenderTargets {

	private final EmbedAddresses addresses;

	RenderTargets(EmbedAddresses addresses) {
		this.addresses = addresses;
	}

	/**
	 * @throws org.pbiexport.web.ApiProblem 409 when the report's address may not be
	 * rendered, 400 when its filters cannot be written into the address
	 */
	public RenderTarget of(ExportPlan plan, String appBaseUrl) {
		Report report = plan.report();
		if (!"url".equals(report.renderMode())) {
			return powerBiTarget(plan);
		}
		EmbedAddress registered;
		try {
			registered = this.addresses.classify(report.embedUrl());
		}
		catch (AddressRejected ex) {
			throw ExportFailures.addressNotAllowed("Report " + report.id() + " cannot be exported from its "
					+ "registered address: " + ex.getMessage());
		}
		EmbedKind kind = EmbedKind.fromWireName(report.embedKind());
		String filter = filterExpression(plan);
		if (filter != null && !kind.supportsUrlFilters()) {
			// Power BI would show the unfiltered report in a file named as filtered.
			throw ApiProblem.invalid("filters", "This report's address (" + kind.wireName()
					+ ") ignores URL filters, so filter values cannot be applied; export it without filters.");
		}
		String address = registered.url().startsWith("/") ? appBaseUrl + registered.url() : registered.url();
		boolean hidePanes = (report.settings().hidePanes() == null) || report.settings().hidePanes();
		boolean pageChoice = kind.supportsPageChoice();
		List<String> urls = new ArrayList<>();
		try {
			for (Page page : plan.pages()) {
				// The address, not the stored kind, says whether there is a page segment.
				if (registered.kind() == EmbedKind.SERVICE_LINK) {
					urls.add(RenderUrls.build(RenderUrls.servicePage(address, page.name()), null,
							report.settings().filterParam(), filter, hidePanes));
				}
				else {
					urls.add(RenderUrls.build(address, pageChoice ? page.name() : null, report.settings().filterParam(),
							filter, hidePanes));
				}
			}
		}
		catch (QueryTooLong ex) {
			throw ApiProblem.invalid("filters", ex.getMessage());
		}
		return new RenderTarget(urls, filter);
	}

	/**
	 * A report that Power BI renders for a service principal ({@code embedded},
	 * {@code export_api}): the report's pages as Power BI's service shows them (what an
	 * admin can open to compare), and the filter expression. Export To File takes the URL
	 * filter language as its one report-level filter, so its limits apply; the SDK takes
	 * filter objects, which express every type.
	 */
	private static RenderTarget powerBiTarget(ExportPlan plan) {
		Report report = plan.report();
		String base = "https://app.powerbi.com/groups/" + report.powerbi().workspaceId() + "/reports/"
				+ report.powerbi().reportId() + "/";
		List<String> urls = plan.pages().stream().map((page) -> base + page.name()).toList();
		if ("export_api".equals(report.renderMode())) {
			return new RenderTarget(urls, filterExpression(plan));
		}
		try {
			return new RenderTarget(urls,
					plan.filters().isEmpty() ? null : FilterExpressions.build(conditions(plan), true));
		}
		catch (FilterNotExpressible ex) {
			return new RenderTarget(urls, null);
		}
	}

	/**
	 * The plan's filter values as conditions: {@code eq} for one value, else {@code in}.
	 */
	static List<FilterCondition> conditions(ExportPlan plan) {
		return plan.filters()
			.stream()
			.map((applied) -> FilterCondition.of(applied.filter().table(), applied.filter().column(),
					kind(applied.filter().type()), applied.values()))
			.toList();
	}

	private static String filterExpression(ExportPlan plan) {
		if (plan.filters().isEmpty()) {
			return null;
		}
		List<FilterCondition> conditions = conditions(plan);
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
