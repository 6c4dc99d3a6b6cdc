package org.pbiexport.render;

import java.time.Instant;

import com.microsoft.playwright.Page;

/**
 * A render's page as both ways of rendering it (a plain address, the Power BI SDK) get
 * it: opened in its own context, guarded, with its network watched since {@code started}.
 */
record OpenPage(RenderProperties properties, Phases phases, Page page, RenderJob job, NetworkWatch network,
		Instant started, RenderGuard guard) {
}
