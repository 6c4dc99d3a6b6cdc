package org.pbiexport.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.pbiexport.catalog.Page;
import org.pbiexport.export.Captures.Captured;
import org.pbiexport.export.Captures.Queueing;
import org.pbiexport.render.Readiness;
import org.pbiexport.render.RenderJob;
import org.pbiexport.render.RenderPool;
import org.pbiexport.render.RenderResult;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Render mode {@code url}: one address per page opened in the browser, the pages side by
 * side, with a Report Server account bound to its origin when the report names one.
 */
final class UrlCapture {

	private final ObjectProvider<RenderPool> renderers;

	private final ReportCredentials credentials;

	private final ExportProperties properties;

	private final Predicate<String> ownPage;

	/**
	 * @param ownPage whether reports of an embed kind are pages this app serves itself,
	 * which say when they are drawn
	 */
	UrlCapture(ObjectProvider<RenderPool> renderers, ReportCredentials credentials, ExportProperties properties,
			Predicate<String> ownPage) {
		this.renderers = renderers;
		this.credentials = credentials;
		this.properties = properties;
		this.ownPage = ownPage;
	}

	CompletableFuture<Captured> capture(ExportPlan plan, RenderTarget target, Instant deadline, Queueing queueing) {
		RenderJob.HttpLogin login = this.credentials.reportServerLogin(plan.report());
		Readiness readiness = Captures.readiness(plan, this.properties, this.ownPage.test(plan.report().embedKind()));
		RenderJob.Output output = Captures.output(plan);
		List<RenderJob> jobs = new ArrayList<>();
		for (int i = 0; i < plan.pages().size(); i++) {
			Page page = plan.pages().get(i);
			jobs.add(queueing
				.apply(new RenderJob(target.pageUrls().get(i), Captures.width(plan, page), Captures.height(plan, page),
						plan.scale().doubleValue(), output, readiness, deadline, null, login)));
		}
		// Queued whole or not at all; the pages render side by side, each in its own
		// context.
		List<CompletableFuture<RenderResult>> pages = this.renderers.getObject().submitAll(jobs);
		// One page failing fails the export: the others are taken back out of the queue.
		pages.forEach((page) -> page.whenComplete((result, failure) -> {
			if (failure != null) {
				pages.forEach((other) -> other.completeExceptionally(failure));
			}
		}));
		return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply((done) -> {
			List<RenderResult> results = pages.stream().map(CompletableFuture::join).toList();
			return new Captured(results.stream().map(RenderResult::bytes).toList(), rules(results), null);
		});
	}

	private static String rules(List<RenderResult> results) {
		return results.stream().map(RenderResult::readinessRule).distinct().collect(Collectors.joining(","));
	}

}
