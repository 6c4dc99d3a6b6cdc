package org.pbiexport.render;

import java.time.Duration;
import java.util.List;

/**
 * What a render captured: PNG bytes or one-page PDFs, one per page in order
 * ({@code bytes} is the first), which readiness rule decided, and how long it took.
 */
public record RenderResult(byte[] bytes, String readinessRule, Duration took, List<byte[]> pages) {

	public RenderResult {
		pages = List.copyOf(pages);
	}

	/** One captured page. */
	public RenderResult(byte[] bytes, String readinessRule, Duration took) {
		this(bytes, readinessRule, took, List.of(bytes));
	}

}
