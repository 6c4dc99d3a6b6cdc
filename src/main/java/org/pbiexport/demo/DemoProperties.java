package org.pbiexport.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo report.
 *
 * @param seed create the demo report in the catalogue on the first start
 * @param dataDelay how long the demo's data request takes, like a real report's queries
 */
@ConfigurationProperties("pbi-export.demo")
record DemoProperties(@DefaultValue("true") boolean seed, @DefaultValue("400ms") Duration dataDelay) {

	/** The longest delay a page may ask for with {@code delay_ms}. */
	static final Duration MAX_DELAY = Duration.ofSeconds(5);

}
