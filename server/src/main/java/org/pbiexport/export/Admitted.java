package org.pbiexport.export;

/**
 * An export that passed every check that can refuse it, before the cache is asked: the
 * checked plan, the addresses the browser will open (the stored address allowed now, the
 * filters written into them within Power BI's length limit), and how its file is
 * labelled. What the engine runs, for a direct export, a job or a preview alike.
 *
 * @param plan the checked request, with its cache key
 * @param target where the browser goes, from {@code appBaseUrl}
 * @param appBaseUrl where the renderer reaches this app (for reports registered by path)
 * @param labels the file's {@code Content-Disposition} and {@code ETag}
 * @param dryRun whether the request only asked what would be rendered
 */
record Admitted(ExportPlan plan, RenderTarget target, String appBaseUrl, ExportFiles.Labels labels, boolean dryRun) {

	long reportId() {
		return this.plan.report().id().value();
	}

}
