package org.pbiexport.export;

import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.web.ApiProblem;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;

/**
 * The one way in for exports that no client waits on (schedules): a request described as
 * the body of {@code POST /api/export} is checked as any export is, and rendered through
 * the same admission, cache, single flight and render queue, as a background export that
 * waits behind interactive ones. Nothing of the module's internals leaves it: the caller
 * gets the file's bytes, name and type, or the problem that refused or failed it.
 */
@Service
public class ScheduledExports implements ApplicationListener<WebServerInitializedEvent> {

	private final ExportAdmission admission;

	private final ExportPlanner planner;

	private final ExportEngine engine;

	/** Where the renderer reaches this app: known once the web server listens. */
	private volatile String baseUrl = "http://127.0.0.1:8080";

	ScheduledExports(ExportAdmission admission, ExportPlanner planner, ExportEngine engine) {
		this.admission = admission;
		this.planner = planner;
		this.engine = engine;
	}

	/**
	 * A rendered file.
	 *
	 * @param bytes the file
	 * @param fileName the name people get, {@code <report>-<page>-<values>.<ext>}
	 * @param contentType its media type
	 */
	public record File(byte[] bytes, String fileName, String contentType) {
	}

	/**
	 * Checks a request against the catalogue now, without rendering.
	 * @param request {@code {"report_id": 1, "pages": [], "format": "pdf", "filters":
	 * {...}}}
	 * @throws ApiProblem 400 naming every field at fault ({@code filters.Year}), 404 for
	 * an unknown report
	 */
	public void check(JsonNode request) {
		this.planner.plan(ExportBody.parse(request), ReportAccess.all());
	}

	/**
	 * Renders the request (or takes its file from the cache), waiting for it.
	 * @throws ApiProblem why it was refused or failed, in words
	 */
	public File render(JsonNode request) {
		Admitted export = this.admission.admit(() -> ExportBody.parse(request), ReportAccess.all(), this.baseUrl);
		ExportFile file = this.engine.start(export, true).await();
		return new File(file.bytes(), file.fileName(), file.format().contentType());
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return; // a management server on its own port serves no demo pages
		}
		String contextPath = event.getApplicationContext()
			.getEnvironment()
			.getProperty("server.servlet.context-path", "");
		this.baseUrl = "http://127.0.0.1:" + event.getWebServer().getPort() + contextPath;
	}

}
