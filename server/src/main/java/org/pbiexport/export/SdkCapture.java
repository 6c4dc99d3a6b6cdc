package org.pbiexport.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.Report;
import org.pbiexport.export.Captures.Captured;
import org.pbiexport.export.Captures.Queueing;
import org.jspecify.annotations.Nullable;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.EffectiveIdentity;
import org.pbiexport.powerbi.PowerBiClient;
import org.pbiexport.powerbi.SdkEmbeds;
import org.pbiexport.render.RenderJob;
import org.pbiexport.render.RenderPool;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Render mode {@code embedded}: the report loaded once through the Power BI JavaScript
 * SDK on the app's host page, with an embed token asked for the service principal, and
 * its pages switched in place.
 */
final class SdkCapture {

	/** Where the app serves the page that hosts the Power BI JavaScript SDK. */
	static final String SDK_HOST_PATH = "/powerbi/host.html";

	private final ObjectProvider<RenderPool> renderers;

	private final ReportCredentials credentials;

	private final PowerBiClient powerbi;

	private final PowerBiCalls calls;

	private final ExportProperties properties;

	SdkCapture(ObjectProvider<RenderPool> renderers, ReportCredentials credentials, PowerBiClient powerbi,
			PowerBiCalls calls, ExportProperties properties) {
		this.renderers = renderers;
		this.credentials = credentials;
		this.powerbi = powerbi;
		this.calls = calls;
		this.properties = properties;
	}

	CompletableFuture<Captured> capture(ExportPlan plan, String appBaseUrl, Instant deadline, Queueing queueing) {
		return this.calls.async(() -> queueing.apply(embedJob(plan, appBaseUrl, deadline)))
			.thenCompose(this.renderers.getObject()::submit)
			.thenApply((result) -> new Captured(result.pages(), result.readinessRule(), null));
	}

	private RenderJob embedJob(ExportPlan plan, String appBaseUrl, Instant deadline) {
		Report report = plan.report();
		PowerBiBinding binding = report.powerbi();
		Credential principal = this.credentials.servicePrincipal(report);
		PowerBiClient.ReportInfo info = this.powerbi.report(principal, binding.workspaceId(), binding.reportId());
		EffectiveIdentity identity = ReportCredentials.identity(binding);
		PowerBiClient.EmbedToken token = this.powerbi.embedToken(principal, binding.workspaceId(), binding.reportId(),
				info.datasetId(), identity);
		boolean hidePanes = (report.settings().hidePanes() == null) || report.settings().hidePanes();
		Map<String, Object> config = SdkEmbeds.config(binding.reportId(), info.embedUrl(), token.token(),
				plan.pages().get(0).name(), RenderTargets.conditions(plan), hidePanes);
		List<RenderJob.SdkPage> pages = plan.pages()
			.stream()
			.map((page) -> new RenderJob.SdkPage(page.name(), Captures.width(plan, page), Captures.height(plan, page)))
			.toList();
		Page first = plan.pages().get(0);
		return new RenderJob(appBaseUrl + SDK_HOST_PATH, Captures.width(plan, first), Captures.height(plan, first),
				plan.scale().doubleValue(), Captures.output(plan), Captures.readiness(plan, this.properties, true),
				deadline, new RenderJob.SdkEmbed(config, pages, warm(report, identity, token)), null);
	}

	/**
	 * What lets the render use a warm session (docs/architecture.md), or null when the
	 * report turned them off.
	 */
	private static RenderJob.@Nullable WarmReport warm(Report report, @Nullable EffectiveIdentity identity,
			PowerBiClient.EmbedToken token) {
		if (!report.warmSessions()) {
			return null;
		}
		String who = (identity != null) ? identity.username() + " " + identity.roles() : "";
		return new RenderJob.WarmReport(String.valueOf(report.id()), report.version(), who, token.expiration());
	}

}
