package org.pbiexport.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.Report;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.Credentials;
import org.pbiexport.powerbi.EffectiveIdentity;
import org.pbiexport.powerbi.EmbedKind;
import org.pbiexport.powerbi.ExportToFile;
import org.pbiexport.powerbi.PowerBiApiProperties;
import org.pbiexport.powerbi.PowerBiClient;
import org.pbiexport.powerbi.PowerBiFailed;
import org.pbiexport.powerbi.SdkEmbeds;
import org.pbiexport.render.Readiness;
import org.pbiexport.render.RenderJob;
import org.pbiexport.render.RenderPool;
import org.pbiexport.render.RenderProperties;
import org.pbiexport.render.RenderQueueFull;
import org.pbiexport.render.RenderResult;

import org.pbiexport.web.ApiProblem;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Captures an export's pages the way its report's render mode says (CONTRACT.md 1.1):
 * {@code url} opens one address per page in the browser (with a Report Server account
 * bound to its origin when the report names one); {@code embedded} loads the report once
 * through the Power BI JavaScript SDK with an embed token and switches pages in place;
 * {@code export_api} asks Power BI's Export To File API for the finished file, without a
 * browser.
 */
@Component
class Captures implements DisposableBean {

	/**
	 * The completion signal of the pages the app serves itself (the demo report and the
	 * SDK host page); Power BI pages in URL mode give none.
	 */
	static final String RENDER_STATE = "document.documentElement.dataset.renderState";

	/** Where the app serves the page that hosts the Power BI JavaScript SDK. */
	static final String SDK_HOST_PATH = "/powerbi/host.html";

	/** Export To File calls waiting on Power BI at once (each mostly sleeps). */
	private static final int EXPORT_API_THREADS = 16;

	private final ObjectProvider<RenderPool> renderers;

	private final RenderProperties renderProperties;

	private final ExportProperties properties;

	private final Credentials credentials;

	private final PowerBiClient powerbi;

	private final ExportToFile exportToFile;

	private final PowerBiApiProperties powerbiProperties;

	private final ExecutorService calls;

	/**
	 * @param renderers the render pool, absent on a web node (its workers render; it only
	 * admits and plans)
	 */
	Captures(ObjectProvider<RenderPool> renderers, RenderProperties renderProperties, ExportProperties properties,
			Credentials credentials, PowerBiClient powerbi, ExportToFile exportToFile,
			PowerBiApiProperties powerbiProperties) {
		this.renderers = renderers;
		this.renderProperties = renderProperties;
		this.properties = properties;
		this.credentials = credentials;
		this.powerbi = powerbi;
		this.exportToFile = exportToFile;
		this.powerbiProperties = powerbiProperties;
		AtomicInteger threads = new AtomicInteger();
		this.calls = new ThreadPoolExecutor(EXPORT_API_THREADS, EXPORT_API_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(64), (task) -> {
					Thread thread = new Thread(task, "powerbi-call-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		((ThreadPoolExecutor) this.calls).allowCoreThreadTimeOut(true);
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

	private RenderPool renderer() {
		return this.renderers.getObject();
	}

	/** The time budget of one export of the plan's report. */
	Duration budget(ExportPlan plan) {
		Integer timeout = plan.report().settings().timeoutMs();
		if (timeout != null) {
			return Duration.ofMillis(timeout);
		}
		// Export To File takes minutes (POWERBI.md §8): its own limit is the default.
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
			case "embedded" -> embedded(plan, export.appBaseUrl(), deadline, queueing);
			case "export_api" -> exportApi(plan, export.target().filter(), deadline);
			default -> url(plan, export.target(), deadline, queueing);
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
			case "embedded", "export_api" -> servicePrincipal(report);
			default -> reportServerLogin(report);
		}
	}

	private CompletableFuture<Captured> url(ExportPlan plan, RenderTarget target, Instant deadline, Queueing queueing) {
		RenderJob.HttpLogin login = reportServerLogin(plan.report());
		Readiness readiness = readiness(plan);
		RenderJob.Output output = output(plan);
		List<RenderJob> jobs = new ArrayList<>();
		for (int i = 0; i < plan.pages().size(); i++) {
			Page page = plan.pages().get(i);
			jobs.add(queueing.apply(new RenderJob(target.pageUrls().get(i), width(plan, page), height(plan, page),
					plan.scale().doubleValue(), output, readiness, deadline, null, login)));
		}
		// Queued whole or not at all; the pages render side by side, each in its own
		// context.
		List<CompletableFuture<RenderResult>> pages = renderer().submitAll(jobs);
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

	private CompletableFuture<Captured> embedded(ExportPlan plan, String appBaseUrl, Instant deadline,
			Queueing queueing) {
		return async(() -> queueing.apply(embedJob(plan, appBaseUrl, deadline))).thenCompose(renderer()::submit)
			.thenApply((result) -> new Captured(result.pages(), result.readinessRule(), null));
	}

	/** A call to Power BI off the request thread; 429 when too many are waiting. */
	private <T> CompletableFuture<T> async(java.util.function.Supplier<T> call) {
		try {
			return CompletableFuture.supplyAsync(call, this.calls);
		}
		catch (RejectedExecutionException ex) {
			throw new RenderQueueFull(Duration.ofSeconds(10));
		}
	}

	private RenderJob embedJob(ExportPlan plan, String appBaseUrl, Instant deadline) {
		Report report = plan.report();
		PowerBiBinding binding = report.powerbi();
		Credential principal = servicePrincipal(report);
		PowerBiClient.ReportInfo info = this.powerbi.report(principal, binding.workspaceId(), binding.reportId());
		PowerBiClient.EmbedToken token = this.powerbi.embedToken(principal, binding.workspaceId(), binding.reportId(),
				info.datasetId(), identity(binding));
		boolean hidePanes = (report.settings().hidePanes() == null) || report.settings().hidePanes();
		Map<String, Object> config = SdkEmbeds.config(binding.reportId(), info.embedUrl(), token.token(),
				plan.pages().get(0).name(), RenderTargets.conditions(plan), hidePanes);
		List<RenderJob.SdkPage> pages = plan.pages()
			.stream()
			.map((page) -> new RenderJob.SdkPage(page.name(), width(plan, page), height(plan, page)))
			.toList();
		Page first = plan.pages().get(0);
		return new RenderJob(appBaseUrl + SDK_HOST_PATH, width(plan, first), height(plan, first),
				plan.scale().doubleValue(), output(plan), readiness(plan), deadline,
				new RenderJob.SdkEmbed(config, pages), null);
	}

	private CompletableFuture<Captured> exportApi(ExportPlan plan, String filter, Instant deadline) {
		Report report = plan.report();
		PowerBiBinding binding = report.powerbi();
		ExportToFile.Format format = (plan.format() == ExportFormat.PDF) ? ExportToFile.Format.PDF
				: ExportToFile.Format.PNG;
		List<String> pageNames = plan.pages().stream().map(Page::name).toList();
		return async(() -> captured(plan, this.exportToFile.export(servicePrincipal(report), binding.workspaceId(),
				binding.reportId(), format, pageNames, filter, identity(binding), deadline)));
	}

	private static Captured captured(ExportPlan plan, ExportToFile.ExportedFile file) {
		String extension = String.valueOf(file.extension()).toLowerCase(java.util.Locale.ROOT);
		if (plan.format() == ExportFormat.PDF) {
			if (!extension.endsWith("pdf")) {
				throw new PowerBiFailed("Power BI answered a " + extension + " file where a PDF was asked for.");
			}
			return new Captured(List.of(), "export_api", file.bytes());
		}
		if (extension.endsWith("zip")) {
			// Several PNG pages come as a zip; an image export is its first page.
			return new Captured(List.of(firstPng(file.bytes())), "export_api", null);
		}
		if (!extension.endsWith("png")) {
			throw new PowerBiFailed("Power BI answered a " + extension + " file where a PNG was asked for.");
		}
		return new Captured(List.of(file.bytes()), "export_api", null);
	}

	private static byte[] firstPng(byte[] zip) {
		try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
				if (!entry.isDirectory() && entry.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
					return entries.readNBytes(50 * 1024 * 1024);
				}
			}
		}
		catch (IOException ex) {
			throw new PowerBiFailed("Power BI's zip of PNG pages could not be read.", ex);
		}
		throw new PowerBiFailed("Power BI's zip of PNG pages held no PNG.");
	}

	private Credential servicePrincipal(Report report) {
		return credential(report, CredentialKind.SERVICE_PRINCIPAL);
	}

	private Credential credential(Report report, CredentialKind kind) {
		String name = report.powerbi().credential();
		Credential credential = (name != null) ? this.credentials.find(name).orElse(null) : null;
		if (credential == null || credential.kind() != kind) {
			throw ExportFailures.addressNotAllowed("Report " + report.id() + " cannot be exported: it needs a "
					+ kind.wireName().replace('_', ' ') + " credential, and the one it names is "
					+ ((name == null) ? "missing" : "not there") + ".");
		}
		return credential;
	}

	/** The Windows account a Report Server address signs in with, for its origin only. */
	private RenderJob.HttpLogin reportServerLogin(Report report) {
		if (report.powerbi().credential() == null) {
			return null;
		}
		Credential account = credential(report, CredentialKind.WINDOWS);
		return new RenderJob.HttpLogin(account.username(), account.secret(), origin(account.origin()));
	}

	private static String origin(String origin) {
		URI uri = URI.create(origin);
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
	}

	private static EffectiveIdentity identity(PowerBiBinding binding) {
		return binding.hasIdentity() ? new EffectiveIdentity(binding.identityUsername(), binding.identityRoles())
				: null;
	}

	private Readiness readiness(ExportPlan plan) {
		Report report = plan.report();
		boolean signals = "embedded".equals(report.renderMode())
				|| EmbedKind.fromWireName(report.embedKind()) == EmbedKind.DEMO;
		Integer settle = report.settings().settleMs();
		return new Readiness(signals ? RENDER_STATE : null, report.settings().readySelector(),
				(settle != null) ? Duration.ofMillis(settle) : this.properties.settle());
	}

	private static RenderJob.Output output(ExportPlan plan) {
		return (plan.format() == ExportFormat.PDF) ? RenderJob.Output.PDF : RenderJob.Output.PNG;
	}

	private static int width(ExportPlan plan, Page page) {
		return (plan.width() != null) ? plan.width() : page.width();
	}

	private static int height(ExportPlan plan, Page page) {
		return (plan.height() != null) ? plan.height() : page.height();
	}

	private static String rules(List<RenderResult> results) {
		return results.stream()
			.map(RenderResult::readinessRule)
			.distinct()
			.collect(java.util.stream.Collectors.joining(","));
	}

	@Override
	public void destroy() {
		this.calls.shutdownNow();
	}

}
