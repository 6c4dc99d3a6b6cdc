package org.pbiexport.export;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.Report;
import org.pbiexport.powerbi.Credentials;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.powerbi.ExportToFile;
import org.pbiexport.powerbi.PowerBiApiProperties;
import org.pbiexport.powerbi.PowerBiClient;
import org.pbiexport.render.Readiness;
import org.pbiexport.render.RenderJob;
import org.pbiexport.render.RenderPool;
import org.pbiexport.render.RenderProperties;
import org.pbiexport.render.RenderQueueFull;

import org.pbiexport.web.ApiProblem;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Captures an export's pages the way its report's render mode says (docs/contract.md):
 * {@code url} opens one address per page in the browser (with a Report Server account
 * bound to its origin when the report names one: {@link UrlCapture}); {@code embedded}
 * loads the report once through the Power BI JavaScript SDK with an embed token and
 * switches pages in place ({@link SdkCapture}); {@code export_api} asks Power BI's Export
 * To File API for the finished file, without a browser ({@link ExportApiCapture}). The
 * shape of a render job of a plan's page is decided here, for the modes that render.
 */
@Component
class Captures implements DisposableBean {

	/**
	 * The completion signal of the pages the app serves itself (the demo report and the
	 * SDK host page); Power BI pages in URL mode give none.
	 */
	static final String RENDER_STATE = "document.documentElement.dataset.renderState";

	private final ObjectProvider<RenderPool> renderers;

	private final RenderProperties renderProperties;

	private final ExportProperties properties;

	private final ReportCredentials credentials;

	private final PowerBiApiProperties powerbiProperties;

	private final PowerBiCalls calls = new PowerBiCalls();

	private final UrlCapture url;

	private final SdkCapture embedded;

	private final ExportApiCapture exportApi;

	/**
	 * @param renderers the render pool, absent on a web node (its workers render; it only
	 * admits and plans)
	 */
	Captures(ObjectProvider<RenderPool> renderers, RenderProperties renderProperties, ExportProperties properties,
			Credentials credentials, PowerBiClient powerbi, ExportToFile exportToFile,
			PowerBiApiProperties powerbiProperties, EmbedAddresses addresses) {
		this.renderers = renderers;
		this.renderProperties = renderProperties;
		this.properties = properties;
		this.credentials = new ReportCredentials(credentials);
		this.powerbiProperties = powerbiProperties;
		this.url = new UrlCapture(renderers, this.credentials, properties, addresses::ownPage);
		this.embedded = new SdkCapture(renderers, this.credentials, powerbi, this.calls, properties);
		this.exportApi = new ExportApiCapture(exportToFile, this.credentials, this.calls);
	}

	/**
	 * What an export captured: one PNG or one-page PDF per page in order, or, when Power
	 * BI made the whole file ({@code export_api}), that file as {@code document}.
	 */
	record Captured(List<byte[]> pages, String readiness, byte[] document) {

		Captured {
			pages = List.copyOf(pages);
		}

	}

	/** The time budget of one export of the plan's report. */
	Duration budget(ExportPlan plan) {
		Integer timeout = plan.report().settings().timeoutMs();
		if (timeout != null) {
			return Duration.ofMillis(timeout);
		}
		// Export To File takes minutes (docs/powerbi-rules.md): its own limit is the
		// default.
		if ("export_api".equals(plan.report().renderMode())) {
			return this.powerbiProperties.exportPollTimeout();
		}
		// Pages beyond what renders at once wait for a turn: the budget grows with them.
		RenderPool renderer = this.renderers.getIfAvailable();
		// A web node cannot know what a worker admits: it takes a worker's cap.
		int admitted = Math.max(1, (renderer != null) ? renderer.admitted() : this.renderProperties.threads());
		int rounds = ("url".equals(plan.report().renderMode()) || plan.report().renderMode() == null)
				? (plan.pages().size() + admitted - 1) / admitted : 1;
		return this.properties.timeout().multipliedBy(Math.max(1, rounds));
	}

	/**
	 * Starts capturing an admitted export's pages, at the addresses admission checked.
	 * @throws RenderQueueFull when no render can wait now
	 */
	CompletableFuture<Captured> capture(Admitted export, Instant deadline) {
		return capture(export, deadline, Queueing.INTERACTIVE);
	}

	/**
	 * How an export's renders wait: whose they are, and, for a job, the budget that
	 * starts when a render thread takes each (then {@code deadline} is the latest start).
	 */
	record Queueing(String client, Duration budgetFromStart) {

		static final Queueing INTERACTIVE = new Queueing(null, null);

		RenderJob apply(RenderJob job) {
			return job.forClient(this.client, this.budgetFromStart);
		}

	}

	CompletableFuture<Captured> capture(Admitted export, Instant deadline, Queueing queueing) {
		ExportPlan plan = export.plan();
		return switch (plan.report().renderMode()) {
			case "embedded" -> this.embedded.capture(plan, export.appBaseUrl(), deadline, queueing);
			case "export_api" -> this.exportApi.capture(plan, export.target().filter(), deadline);
			default -> this.url.capture(plan, export.target(), deadline, queueing);
		};
	}

	/**
	 * Refuses, with 400 naming the limit, an export of more pages than one export may
	 * have: it could never be queued whole.
	 */
	void checkPages(ExportPlan plan) {
		int max = this.renderProperties.maxPages();
		if (plan.pages().size() > max) {
			throw ApiProblem.invalid("pages", "has " + plan.pages().size() + " pages; one export may have at most "
					+ max + " (pbi-export.render.max-pages)");
		}
	}

	/**
	 * Refuses, with 409, an export whose render mode needs a credential that is missing
	 * or of another kind: decided with the other refusals, before the cache is asked.
	 */
	void checkCredentials(ExportPlan plan) {
		Report report = plan.report();
		switch (report.renderMode()) {
			case "embedded", "export_api" -> this.credentials.servicePrincipal(report);
			default -> this.credentials.reportServerLogin(report);
		}
	}

	/**
	 * How the render of a plan's page knows the report is drawn.
	 * @param signals whether the page says so itself ({@link #RENDER_STATE})
	 */
	static Readiness readiness(ExportPlan plan, ExportProperties properties, boolean signals) {
		Report report = plan.report();
		Integer settle = report.settings().settleMs();
		return new Readiness(signals ? RENDER_STATE : null, report.settings().readySelector(),
				(settle != null) ? Duration.ofMillis(settle) : properties.settle());
	}

	static RenderJob.Output output(ExportPlan plan) {
		return (plan.format() == ExportFormat.PDF) ? RenderJob.Output.PDF : RenderJob.Output.PNG;
	}

	static int width(ExportPlan plan, Page page) {
		return (plan.width() != null) ? plan.width() : page.width();
	}

	static int height(ExportPlan plan, Page page) {
		return (plan.height() != null) ? plan.height() : page.height();
	}

	@Override
	public void destroy() {
		this.calls.close();
	}

}
