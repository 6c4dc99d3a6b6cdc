package org.pbiexport.export;

import java.math.BigDecimal;
import java.util.List;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;

/**
 * A checked export: the report, the pages in order, the filter values to apply (each
 * filter's values in its allowed order, defaults filled in), and the output's format and
 * size.
 */
record ExportPlan(Report report, List<Page> pages, List<AppliedFilter> filters, ExportFormat format, Integer width,
		Integer height, BigDecimal scale, boolean download, CacheKey cacheKey) {

	/** The values applied for one filter, typed, in the filter's allowed order. */
	public record AppliedFilter(Filter filter, List<Object> values) {
	}

	/**
	 * The plan, with {@code cacheKey} — the key under which its file is cached, the same
	 * for every request that means the same — computed once here, as every step of an
	 * export asks for it.
	 */
	public ExportPlan {
		pages = List.copyOf(pages);
		filters = List.copyOf(filters);
		if (cacheKey == null) {
			cacheKey = CacheKey.of(report, pages, filters, format, width, height, scale);
		}
	}

	public ExportPlan(Report report, List<Page> pages, List<AppliedFilter> filters, ExportFormat format, Integer width,
			Integer height, BigDecimal scale, boolean download) {
		this(report, pages, filters, format, width, height, scale, download, null);
	}

}
