package org.pbiexport.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may read the app's metrics ({@code /actuator/prometheus}) and its other actuator
 * endpoints besides health. The metrics name reports, users' failed sign-ins and the
 * render load, which is nothing for the whole network to read in production.
 *
 * @param requireAuth whether {@code /actuator/prometheus} needs an admin or the scrape
 * token; on in the {@code prod} profile. Health, liveness and readiness stay open either
 * way; the other actuator endpoints always need an admin or the token.
 * @param scrapeToken a token a metrics scraper sends as {@code Authorization: Bearer
 * <token>} instead of an admin's credentials; unset, only admins may read
 */
@ConfigurationProperties("pbi-export.metrics")
record MetricsProperties(@DefaultValue("false") boolean requireAuth, String scrapeToken) {

	/** Shorter tokens could be guessed. */
	static final int MIN_TOKEN_LENGTH = 16;

	MetricsProperties {
		if (scrapeToken != null && scrapeToken.isBlank()) {
			scrapeToken = null;
		}
		if (scrapeToken != null && scrapeToken.strip().length() < MIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException("pbi-export.metrics.scrape-token must be at least " + MIN_TOKEN_LENGTH
					+ " characters; make one with `openssl rand -hex 32`");
		}
		scrapeToken = (scrapeToken != null) ? scrapeToken.strip() : null;
	}

}
