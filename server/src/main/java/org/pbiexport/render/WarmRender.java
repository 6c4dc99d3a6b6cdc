package org.pbiexport.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

/**
 * A render in a warm session: the report is already loaded and drawn, so only what
 * differs is changed in place. The complete filter state is replaced (never added to what
 * an earlier export left), then the page is set, each waited for until Power BI drew it,
 * then the settle as for a fresh load. Before capturing, the state Power BI reports
 * ({@code getFilters()}, the active page, the page's slicer states) is read back: only if
 * it is exactly what was asked, the slicers as the report's defaults ({@link WarmState}),
 * is the page captured; otherwise the render falls back to a fresh load. Pages after the
 * first are set in turn, each read back before its capture, as a fresh load switches
 * pages ({@link SdkRender}).
 */
final class WarmRender {

	private final OpenPage open;

	private final SdkRender sdk;

	private final WarmState session;

	WarmRender(OpenPage open, WarmState session) {
		this.open = open;
		this.sdk = new SdkRender(open);
		this.session = session;
	}

	/**
	 * The captures, one per page asked, or null when the session does not show what was
	 * asked.
	 */
	@Nullable RenderResult render() {
		RenderJob.SdkEmbed embed = Objects.requireNonNull(this.open.job().sdk());
		List<String> pages = embed.pages().isEmpty() ? List.of(String.valueOf(embed.config().get("pageName")))
				: embed.pages().stream().map(RenderJob.SdkPage::name).toList();
		String filters = JsonMapper.shared().writeValueAsString(embed.config().getOrDefault("filters", List.of()));
		if (!embed.pages().isEmpty()) {
			// every page has this size (WarmPool.key)
			this.sdk.size(embed.pages().get(0));
		}
		boolean capped = this.open.phases().time("ready", () -> {
			// Always, even when the report says it has these filters already: what it
			// says is checked below, never trusted to skip a change.
			this.open.page().evaluate(SdkRender.SET_FILTERS, filters);
			this.sdk.awaitRendered(null);
			return show(pages.get(0));
		});
		List<byte[]> captures = new ArrayList<>();
		for (int i = 0; i < pages.size(); i++) {
			String page = pages.get(i);
			if (i > 0) {
				capped |= this.open.phases().time("ready", () -> show(page));
			}
			State after = state(filters);
			if (!after.sameFilters() || !page.equals(after.page())) {
				return null;
			}
			captures.add(this.open.phases().time("capture", this.sdk::capture));
		}
		return new RenderResult(captures.get(0), capped ? "signal+cap" : "signal",
				Duration.between(this.open.started(), Instant.now()), captures);
	}

	/**
	 * Sets the page (host.js does nothing when the report shows it already), waits until
	 * Power BI drew it and the frames settled.
	 * @return whether the settle cap ended the wait
	 */
	private boolean show(String page) {
		this.open.page().evaluate(SdkRender.SET_PAGE, page);
		this.sdk.awaitRendered(page);
		return this.sdk.settle();
	}

	@SuppressWarnings("unchecked")
	private State state(String filters) {
		Map<String, Object> answer = (Map<String, Object>) this.open.page().evaluate(SdkRender.READ_BACK, filters);
		String page = (answer.get("page") != null) ? answer.get("page").toString() : null;
		// The page's slicers count with the filters: a report that carried their state
		// from an earlier export is not what a fresh load shows.
		boolean slicers = this.session.asLoaded(page, (String) answer.get("slicers"));
		return new State(Boolean.TRUE.equals(answer.get("same")) && slicers, page);
	}

	/**
	 * @param sameFilters whether the report's filters are those asked and its page's
	 * slicers are as a fresh load shows them
	 */
	private record State(boolean sameFilters, @Nullable String page) {
	}

}
