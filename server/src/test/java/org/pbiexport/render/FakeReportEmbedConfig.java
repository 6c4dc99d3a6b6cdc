package org.pbiexport.render;

import org.pbiexport.testsupport.FakeReportEmbed;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The fake Power BI report in every browser context, for {@link SdkStandInTest}. */
@TestConfiguration(proxyBeanMethods = false)
class FakeReportEmbedConfig {

	@Bean
	FakeReportEmbed fakeReportEmbed() {
		return new FakeReportEmbed();
	}

}
