package org.pbiexport.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit records ({@code pbi-export.audit.*}).
 *
 * @param exportLogKeep how long rows of the export log are kept
 */
@ConfigurationProperties("pbi-export.audit")
record AuditProperties(@DefaultValue("90d") Duration exportLogKeep) {

	AuditProperties {
		if (exportLogKeep.isNegative() || exportLogKeep.isZero()) {
			throw new IllegalArgumentException("pbi-export.audit.export-log-keep must be positive, such as 90d");
		}
	}

}
