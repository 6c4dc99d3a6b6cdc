package org.pbiexport.render;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Warm report sessions (docs/architecture.md, "Warm report sessions"): a report embedded
 * through the Power BI SDK stays loaded after an export, and a later export of the same
 * report, report version, identity and size changes its filters and page in place instead
 * of loading it again (renewing the embed token in place when it brings another).
 *
 * @param enabled whether {@code embedded} reports may keep warm sessions at all (each
 * report may still turn them off with {@code warm_sessions: false})
 * @param maxSessions the most warm sessions kept at once over all render threads; each
 * also needs {@code memory-per-render} to spare, like a render
 * @param maxUses a session is closed after this many exports (long-lived embeds leak)
 * @param maxAge a session is closed when it is this old
 * @param tokenMargin an idle session is closed when its embed token expires within this
 * time
 */
@ConfigurationProperties("pbi-export.render.warm")
public record WarmProperties(@DefaultValue("true") boolean enabled, @DefaultValue("4") int maxSessions,
		@DefaultValue("50") int maxUses, @DefaultValue("10m") Duration maxAge,
		@DefaultValue("5m") Duration tokenMargin) {

	/** The defaults, for a pool built without Spring. */
	static final WarmProperties DEFAULTS = new WarmProperties(true, 4, 50, Duration.ofMinutes(10),
			Duration.ofMinutes(5));

}
