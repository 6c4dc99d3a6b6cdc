package org.pbiexport.demo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's settings: the data delay a page may ask for is capped. (Seeding switched off
 * is how the {@code prod} profile's tests ({@code ProdApp}) and the tests' second starts
 * of the application run.)
 */
class DemoSettingsTest {

	final DemoProperties properties = new DemoProperties(true, Duration.ofMillis(400), Duration.ofSeconds(5));

	@Test
	void theDelayIsTheDefaultTheAskedOneOrTheCap() {
		assertThat(this.properties.delay(null)).isEqualTo(Duration.ofMillis(400));
		assertThat(this.properties.delay(1500L)).isEqualTo(Duration.ofMillis(1500));
		assertThat(this.properties.delay(-20L)).isEqualTo(Duration.ZERO);
		assertThat(this.properties.delay(600_000L)).isEqualTo(Duration.ofSeconds(5));
	}

}
