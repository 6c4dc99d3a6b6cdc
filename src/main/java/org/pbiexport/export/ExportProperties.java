package org.pbiexport.export;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the export module.
 *
 * @param timeout the time budget of one export (queue wait included) unless its report
 * sets one
 * @param settle how long a page must stay quiet before a capture unless its report sets
 * it
 * @param cacheTtl how long a rendered file is reused unless its report sets it
 */
@ConfigurationProperties("pbi-export.export")
record ExportProperties(@DefaultValue("30s") Duration timeout, @DefaultValue("500ms") Duration settle,
		@DefaultValue("10m") Duration cacheTtl) {

}
