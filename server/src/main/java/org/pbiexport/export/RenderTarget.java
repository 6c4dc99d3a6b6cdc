package org.pbiexport.export;

import java.util.List;

/**
 * Where a browser goes to render an export: one address per page (in order), and the URL
 * filter expression they carry (null when no filter applies).
 */
record RenderTarget(List<String> pageUrls, String filter) {

	public RenderTarget {
		pageUrls = List.copyOf(pageUrls);
	}

}
