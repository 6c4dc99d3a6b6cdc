package org.pbiexport.prewarm;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Pre-warming (docs/contract.md, "Configuration").
 *
 * @param top how many of a report's most asked-for exports are rendered again after it is
 * edited; 0 (the default) turns pre-warming off
 * @param window how far back the export log is counted
 * @param refresh how often the cache is swept for top exports whose file expired or
 * expires before the next sweep, which are rendered again
 */
@ConfigurationProperties("pbi-export.prewarm")
public record PrewarmProperties(int top, Duration window, Duration refresh) {

	public PrewarmProperties {
		if (top < 0 || top > 100) {
			throw new IllegalArgumentException("pbi-export.prewarm.top must be from 0 to 100, got " + top);
		}
		window = (window == null) ? Duration.ofDays(30) : window;
		refresh = (refresh == null) ? Duration.ofMinutes(1) : refresh;
		if (refresh.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("pbi-export.prewarm.refresh must be at least 1s, got " + refresh);
		}
	}

}
