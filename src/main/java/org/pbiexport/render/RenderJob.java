package org.pbiexport.render;

import java.time.Instant;

/**
 * One page to capture: a serialisable value, so the same job can later travel through
 * Redis.
 *
 * @param url the absolute address to open
 * @param width viewport width in CSS pixels
 * @param height viewport height in CSS pixels
 * @param scale device pixel ratio (1–3)
 * @param output PNG image or one PDF page
 * @param readiness how to tell that the page has finished drawing
 * @param deadline when the export's time budget runs out, queue wait included
 */
public record RenderJob(String url, int width, int height, double scale, Output output, Readiness readiness,
		Instant deadline) {

	public enum Output {

		PNG, PDF

	}

}
