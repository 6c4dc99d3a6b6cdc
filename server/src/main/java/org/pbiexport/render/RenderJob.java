package org.pbiexport.render;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One render: a page to capture at an address, or, through the Power BI JavaScript SDK,
 * the pages of one loaded report. A value, so the same job can later travel through a
 * queue.
 *
 * @param url the absolute address to open (for an SDK render: the app's host page)
 * @param width viewport width in CSS pixels
 * @param height viewport height in CSS pixels
 * @param scale device pixel ratio (1–3)
 * @param output PNG image or one PDF page per captured page
 * @param readiness how to tell that the page has finished drawing
 * @param deadline when the export's time budget runs out, queue wait included
 * @param sdk the SDK embedding to render in the host page, or null for a plain address
 * @param login HTTP credentials for one origin (Report Server sign-in), or null
 * @param client whose render it is, for fair queueing (an API key's id, or the caller's
 * address); null when unknown
 * @param budgetFromStart for a background render (an async job): its time budget, which
 * starts when a render thread takes it; {@code deadline} is then the latest it may start.
 * Null for an interactive render, whose budget includes its wait.
 */
public record RenderJob(String url, int width, int height, double scale, Output output, Readiness readiness,
		Instant deadline, @Nullable SdkEmbed sdk, @Nullable HttpLogin login, @Nullable String client,
		java.time.@Nullable Duration budgetFromStart) {

	/** Interactive, no client named. */
	public RenderJob(String url, int width, int height, double scale, Output output, Readiness readiness,
			Instant deadline, @Nullable SdkEmbed sdk, @Nullable HttpLogin login) {
		this(url, width, height, scale, output, readiness, deadline, sdk, login, null, null);
	}

	/** The same render for {@code client}, interactive or in the background. */
	public RenderJob forClient(@Nullable String client, java.time.@Nullable Duration budgetFromStart) {
		return new RenderJob(this.url, this.width, this.height, this.scale, this.output, this.readiness, this.deadline,
				this.sdk, this.login, client, budgetFromStart);
	}

	/** Whether it waits behind interactive renders. */
	public boolean background() {
		return this.budgetFromStart != null;
	}

	/**
	 * The job as a render thread starts it: a background render's budget starts now.
	 */
	RenderJob started(Instant now) {
		if (this.budgetFromStart == null) {
			return this;
		}
		return new RenderJob(this.url, this.width, this.height, this.scale, this.output, this.readiness,
				now.plus(this.budgetFromStart), this.sdk, this.login, this.client, null);
	}

	/** The same render with an earlier deadline: a warm session's share of the budget. */
	RenderJob until(Instant earlier) {
		return new RenderJob(this.url, this.width, this.height, this.scale, this.output, this.readiness,
				earlier.isBefore(this.deadline) ? earlier : this.deadline, this.sdk, this.login, this.client,
				this.budgetFromStart);
	}

	public enum Output {

		PNG, PDF

	}

	/** A plain address, no SDK, no sign-in. */
	public RenderJob(String url, int width, int height, double scale, Output output, Readiness readiness,
			Instant deadline) {
		this(url, width, height, scale, output, readiness, deadline, null, null);
	}

	/**
	 * A report embedded through the SDK: {@code config} is the embed configuration
	 * (JSON-ready, with the first page's {@code pageName} and the filters in it); the
	 * report is loaded once and each of {@code pages} is captured in order, switching
	 * pages in place.
	 */
	public record SdkEmbed(Map<String, Object> config, List<SdkPage> pages, @Nullable WarmReport warm) {

		public SdkEmbed {
			config = Map.copyOf(config);
			pages = List.copyOf(pages);
		}

		/** Loaded for this export only, never in a warm session. */
		public SdkEmbed(Map<String, Object> config, List<SdkPage> pages) {
			this(config, pages, null);
		}

		/** Without the configuration, which carries the embed token. */
		@Override
		public String toString() {
			return "SdkEmbed[pages=" + this.pages + ", config=(hidden)]";
		}

	}

	/**
	 * What lets an SDK render use a warm session of its report (see
	 * {@link WarmProperties}): sessions are kept apart by report, report version and
	 * identity; a new embed token is given to a session in place.
	 *
	 * @param reportId the app's report
	 * @param version the report's version: a saved edit changes it, retiring older
	 * sessions
	 * @param identity the row-level security identity the embed token carries ("" for
	 * none)
	 * @param tokenExpires when the embed token in the configuration expires
	 */
	public record WarmReport(String reportId, long version, String identity, Instant tokenExpires) {
	}

	/** One page of an SDK render: Power BI's internal name and the size to capture. */
	public record SdkPage(String name, int width, int height) {
	}

	/**
	 * HTTP credentials the browser answers a sign-in challenge with, for {@code origin}
	 * only: never sent to another host.
	 */
	public record HttpLogin(String username, String password, String origin) {

		@Override
		public String toString() {
			return "HttpLogin[username=" + this.username + ", origin=" + this.origin + ", password=(hidden)]";
		}

	}

}
