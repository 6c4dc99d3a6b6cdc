package org.pbiexport.export;

import java.util.List;
import java.util.Map;

/**
 * An export request as the client sent it, before it is checked against the catalogue:
 * from the query of {@code GET /api/export} or the JSON body of {@code POST}. Filter
 * values are still text, as a query has no types.
 *
 * @param reportId the {@code report_id} as sent
 * @param pages internal page names, in the order asked for
 * @param format the format as sent, or null for the default
 * @param filters column → values as sent, in the order sent
 * @param width the width as sent, or null
 * @param height the height as sent, or null
 * @param scale the scale as sent, or null
 * @param download false to show the file inline instead of as an attachment
 * @param dryRun true to get the render target without rendering (admins)
 */
record ExportInput(String reportId, List<String> pages, String format, Map<String, List<String>> filters, String width,
		String height, String scale, boolean download, boolean dryRun) {

	public ExportInput {
		pages = List.copyOf(pages);
		filters = Map.copyOf(filters);
	}

}
