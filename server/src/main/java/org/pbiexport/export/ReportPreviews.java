package org.pbiexport.export;

import java.math.BigDecimal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import org.springframework.stereotype.Service;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Page thumbnails for the admin pages: each page of a report, enabled or not, with its
 * default filters, rendered through the export engine (so they are cached and share the
 * render queue like any export), with the address that was rendered and, when the render
 * fails, what went wrong in words.
 */
@Service
public class ReportPreviews {

	private final ExportAdmission admission;

	private final ExportEngine engine;

	private final RenderTargets targets;

	ReportPreviews(ExportAdmission admission, ExportEngine engine, RenderTargets targets) {
		this.admission = admission;
		this.engine = engine;
		this.targets = targets;
	}

	/**
	 * One page's preview.
	 *
	 * @param renderUrl the address rendered (what a dry run shows), or null when there is
	 * none
	 * @param png the image, or null when it failed
	 * @param problem what went wrong, in words, or null
	 */
	public record PagePreview(String pageName, @Nullable String renderUrl, byte @Nullable [] png,
			@Nullable String problem) {
	}

	/**
	 * Renders the page with the filters' defaults (or takes it from the cache); its
	 * address is given as a dry run shows it, from where the admin reached the app.
	 */
	public PagePreview render(Report report, Page page, HttpServletRequest request) {
		String renderUrl = null;
		try {
			ExportPlan plan = plan(report, page);
			renderUrl = this.targets.of(plan, ServletUriComponentsBuilder.fromContextPath(request).toUriString())
				.pageUrls()
				.get(0);
			Admitted export = this.admission.admit(plan, ExportFiles.renderBaseUrl(request));
			byte[] png = this.engine.start(export).await().bytes();
			return new PagePreview(page.name(), renderUrl, png, null);
		}
		catch (ApiProblem ex) {
			return new PagePreview(page.name(), renderUrl, null, words(ex));
		}
	}

	private static ExportPlan plan(Report report, Page page) {
		List<ExportPlan.AppliedFilter> filters = report.filters()
			.stream()
			.filter((filter) -> !filter.defaults().isEmpty())
			.map((filter) -> new ExportPlan.AppliedFilter(filter, filter.defaults()))
			.toList();
		List<FieldProblem> missing = report.filters()
			.stream()
			.filter((filter) -> filter.required() && filter.defaults().isEmpty())
			.map(Filter::label)
			.map((label) -> new FieldProblem("filters", "'" + label + "' is required but has no default value"))
			.toList();
		if (!missing.isEmpty()) {
			throw ApiProblem.invalid(missing);
		}
		return new ExportPlan(report, List.of(page), filters, ExportFormat.PNG, null, null, BigDecimal.ONE, false);
	}

	private static String words(ApiProblem problem) {
		if (problem.errors().isEmpty()) {
			return problem.getMessage();
		}
		StringBuilder text = new StringBuilder();
		problem.errors().forEach((error) -> text.append((text.length() > 0) ? "; " : "").append(error.message()));
		return text.toString();
	}

}
