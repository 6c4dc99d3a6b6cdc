package org.pbiexport.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes export log rows older than {@code pbi-export.audit.export-log-keep} (90 days by
 * default): a minute after start, then every hour. On several web nodes each does it; the
 * DELETE is the same on all.
 */
@Component
class ExportLogRetention {

	private static final Logger log = LoggerFactory.getLogger(ExportLogRetention.class);

	private final ExportLog exportLog;

	private final AuditProperties settings;

	private final Clock clock;

	ExportLogRetention(ExportLog exportLog, AuditProperties settings, Optional<Clock> clock) {
		this.exportLog = exportLog;
		this.settings = settings;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
	void cleanUp() {
		Instant cutoff = this.clock.instant().minus(this.settings.exportLogKeep());
		try {
			int deleted = this.exportLog.deleteBefore(cutoff);
			if (deleted > 0) {
				log.info("Deleted {} export log rows older than {}", deleted, cutoff);
			}
		}
		catch (DataAccessException ex) {
			log.warn("Could not delete old export log rows (tried again in an hour): {}", ex.toString());
		}
	}

}
