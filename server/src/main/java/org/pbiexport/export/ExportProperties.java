package org.pbiexport.export;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the export module.
 *
 * @param timeout the time budget of one export (queue wait included) unless its report
 * sets one
 * @param settle how long a page must stay quiet before a capture unless its report sets
 * it
 * @param cacheTtl how long a rendered file is reused unless its report sets it
 * @param jobs how long and how many results of export jobs are kept
 * ({@code pbi-export.export.jobs.*})
 * @param maxBurstValues the most values one job may split into, one file each
 * ({@code each} of {@code POST /api/exports})
 */
@ConfigurationProperties("pbi-export.export")
record ExportProperties(@DefaultValue("30s") Duration timeout, @DefaultValue("500ms") Duration settle,
		@DefaultValue("10m") Duration cacheTtl, @DefaultValue Jobs jobs, @DefaultValue("500") int maxBurstValues) {

	/**
	 * Results of export jobs are kept in the artifact store, within bounds of their own
	 * so that jobs cannot crowd out the export cache or memory; the oldest go first.
	 *
	 * @param keep how long a finished job (and its file, while within the bounds) is
	 * kept, across restarts while the disk cache is on
	 * @param maxFiles how many job files are kept at most
	 * @param maxSize how many bytes of job files are kept at most
	 * @param queueWait how long a job's renders may wait behind interactive exports; its
	 * time budget starts when a render thread takes it
	 */
	record Jobs(@DefaultValue("1h") Duration keep, @DefaultValue("100") int maxFiles,
			@DefaultValue("256MB") DataSize maxSize, @DefaultValue("10m") Duration queueWait) {
	}

}
