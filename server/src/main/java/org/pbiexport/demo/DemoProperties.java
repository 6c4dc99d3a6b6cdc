package org.pbiexport.demo;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the demo report.
 *
 * @param seed create the demo report in the catalogue on the first start
 * @param dataDelay how long the demo's data request takes, like a real report's queries
 * @param maxDataDelay the longest delay a page may ask for with {@code delay_ms}, so a
 * request cannot hold a connection for long
 */
@ConfigurationProperties("pbi-export.demo")
@Validated
record DemoProperties(@DefaultValue("true") boolean seed, @DefaultValue("400ms") @NotNull Duration dataDelay,
		@DefaultValue("5s") @NotNull Duration maxDataDelay) {

	/**
	 * The delay of one data request: the asked one (or the default), never above the cap.
	 */
	Duration delay(Long askedMillis) {
		Duration asked = (askedMillis != null) ? Duration.ofMillis(Math.max(0, askedMillis)) : this.dataDelay;
		return (asked.compareTo(this.maxDataDelay) <= 0) ? asked : this.maxDataDelay;
	}

}
