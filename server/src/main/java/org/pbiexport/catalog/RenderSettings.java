package org.pbiexport.catalog;

import org.jspecify.annotations.Nullable;

/**
 * Per-report render settings; a {@code null} means "use the server's default".
 *
 * @param readySelector an extra CSS selector that must be present before the capture
 * @param settleMs how long the page must stay unchanged to count as finished
 * @param timeoutMs the time budget of one export of this report
 * @param cacheTtlS how long a rendered file is reused
 * @param hidePanes whether to hide Power BI's filter and navigation panes
 * @param filterParam the name of the URL filter parameter ({@code filter} unless set)
 * @param allowBooleanUrlFilters allow boolean filters in URL mode, which Microsoft does
 * not document
 */
public record RenderSettings(@Nullable String readySelector, @Nullable Integer settleMs, @Nullable Integer timeoutMs,
		@Nullable Integer cacheTtlS, @Nullable Boolean hidePanes, @Nullable String filterParam,
		boolean allowBooleanUrlFilters) {

	public static final RenderSettings DEFAULTS = new RenderSettings(null, null, null, null, null, null, false);

}
