package org.pbiexport.demo;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The demo's settings: the data delay a page may ask for is capped, and seeding can be
 * switched off.
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

	@Test
	void seedingSwitchedOffTouchesNothing() {
		Catalog catalog = mock(Catalog.class);
		JdbcClient jdbc = mock(JdbcClient.class);
		TransactionTemplate transactions = mock(TransactionTemplate.class);
		DemoProperties off = new DemoProperties(false, Duration.ofMillis(400), Duration.ofSeconds(5));

		new DemoSeed(catalog, jdbc, transactions, off).run(null);

		verifyNoInteractions(catalog, jdbc, transactions);
	}

}
