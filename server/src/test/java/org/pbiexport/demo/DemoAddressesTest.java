package org.pbiexport.demo;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pbiexport.powerbi.AddressRejected;
import org.pbiexport.powerbi.EmbedAddress;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.powerbi.EmbedKind;
import org.pbiexport.powerbi.PowerBiProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo report is registered by a relative path under {@code /demo/}
 * (docs/powerbi-rules.md), whatever hosts the operator allows, and nothing else relative
 * is.
 */
class DemoAddressesTest {

	static final EmbedAddresses addresses = new EmbedAddresses(
			new PowerBiProperties(List.of("app.powerbi.com", "127.0.0.1:8443")), List.of(new DemoAddresses()));

	@Test
	void theBuiltInDemo() {
		EmbedAddress demo = addresses.classify("/demo/report");

		assertThat(demo.kind()).isEqualTo(EmbedKind.DEMO);
		assertThat(demo.url()).isEqualTo("/demo/report");
		assertThat(demo.kind().supportsUrlFilters()).isTrue();
		assertThat(demo.kind().supportsPageChoice()).isTrue();
		assertThat(demo.kind().needsSignIn()).isFalse();
		assertThat(addresses.ownPage("demo")).isTrue();
		assertThat(addresses.ownPage("publish_to_web")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/demo/report?pageName=ReportSection2", "/demo/report/", "/demo/other-report",
			"/demo/reports/v2.1?theme=dark&x=%20y" })
	void everyRelativeAddressUnderDemoIsTheDemo(String relative) {
		EmbedAddress demo = addresses.classify(relative);

		assertThat(demo.kind()).isEqualTo(EmbedKind.DEMO);
		assertThat(demo.url()).isEqualTo(relative);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin", "/demo", "/demo/", "/demo/../api/admin/reports", "/demo/./report",
			"/demo/%2e%2e/actuator", "//evil.example.com/demo/report", "/demo//evil.example.com", "/demo/report#x",
			"/demo\\..\\admin", "/demo/re port" })
	void otherRelativeAddressesAreRefused(String relative) {
		assertThatThrownBy(() -> addresses.classify(relative)).isInstanceOf(AddressRejected.class);
	}

	@Test
	void aRefusalSaysWhatMayBeRegistered() {
		assertThatThrownBy(() -> addresses.classify("/admin")).isInstanceOf(AddressRejected.class)
			.hasMessageContaining("/demo/report")
			.hasMessageContaining("https://");
	}

}
