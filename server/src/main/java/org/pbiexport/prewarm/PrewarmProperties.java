package org.pbiexport.prewarm;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Pre-warming (docs/contract.md, "Configuration").
 *
 * @param top how many of a report's most asked-for exports are rendered again after it is
 * edited; 0 (the default) turns pre-warming off
 * @param window how far back the export log is counted
 */
@ConfigurationProperties("pbi-export.prewarm")
public record PrewarmProperties(int top, Duration window) {

	public PrewarmProperties {
		if (top < 0 || top > 100) {
			throw new IllegalArgumentException("pbi-export.prewarm.top must be from 0 to 100, got " + top);
		}
		window = (window == null) ? Duration.ofDays(30) : window;
	}

}
