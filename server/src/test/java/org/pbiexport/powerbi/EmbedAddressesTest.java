package org.pbiexport.powerbi;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Addresses admins paste, as Power BI gives them, and junk that must never be rendered.
 */
class EmbedAddressesTest {

	static final EmbedAddresses addresses = new EmbedAddresses(new PowerBiProperties(List.of("app.powerbi.com",
			"*.powerbi.com", "app.powerbigov.us", "*.fabric.microsoft.com", "reports.contoso.local")));

	@Test
	void secureEmbedIframeSnippet() {
		EmbedAddress address = addresses.classify(
				"""
						<iframe title="Sales Overview" width="1140" height="541.25" src="https://app.powerbi.com/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715&amp;groupId=be8908da-da25-452e-b220-163f52476cdd&amp;autoAuth=true&amp;ctid=72f988bf-86f1-41af-91ab-2d7cd011db47" frameborder="0" allowFullScreen="true"></iframe>
						""");

		assertThat(address.kind()).isEqualTo(EmbedKind.SECURE_EMBED);
		assertThat(address.url()).isEqualTo(
				"https://app.powerbi.com/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715&groupId=be8908da-da25-452e-b220-163f52476cdd&autoAuth=true&ctid=72f988bf-86f1-41af-91ab-2d7cd011db47");
		assertThat(address.reportId()).isEqualTo("5b218778-e7a5-4d73-8187-f10824047715");
		assertThat(address.groupId()).isEqualTo("be8908da-da25-452e-b220-163f52476cdd");
		assertThat(address.tenantId()).isEqualTo("72f988bf-86f1-41af-91ab-2d7cd011db47");
		assertThat(address.kind().supportsUrlFilters()).isTrue();
		assertThat(address.kind().needsSignIn()).isTrue();
	}

	@Test
	void takesTheIframesOwnSrcDecodingEveryEntity() {
		EmbedAddress address = addresses.classify("<IFRAME data-src=\"https://evil.example.com/x\" "
				+ "SRC = \" https://app.powerbi.com/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715&#38;"
				+ "groupId=g1&#x26;ctid=t1 \"></IFRAME>");

		assertThat(address.kind()).isEqualTo(EmbedKind.SECURE_EMBED);
		assertThat(address.url()).isEqualTo(
				"https://app.powerbi.com/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715&groupId=g1&ctid=t1");
		assertThat(address.groupId()).isEqualTo("g1");
		assertThat(address.tenantId()).isEqualTo("t1");
		assertThatThrownBy(() -> addresses.classify("<iframe src=\"javascript&#58;alert(1)\"></iframe>"))
			.isInstanceOf(AddressRejected.class);
	}

	@Test
	void publishToWebSnippetWithSingleQuotes() {
		EmbedAddress address = addresses.classify(
				"<iframe width='800' height='600' src='https://app.powerbi.com/view?r=eyJrIjoiNmI2NjNiYTMtODQ3NC00ZjQ4LWI0NjUtYjE3NWFkZjUxYTI0IiwidCI6IjcyZjk4OGJmLTg2ZjEtNDFhZi05MWFiLTJkN2NkMDExZGI0NyJ9' frameborder='0'></iframe>");

		assertThat(address.kind()).isEqualTo(EmbedKind.PUBLISH_TO_WEB);
		assertThat(address.kind().supportsUrlFilters()).isFalse();
		assertThat(address.kind().supportsPageChoice()).isTrue();
		assertThat(address.kind().needsSignIn()).isFalse();
		assertThat(address.kind().describe()).contains("ignores URL filters");
	}

	@Test
	void serviceLinkWithPage() {
		EmbedAddress address = addresses.classify(
				"https://app.powerbi.com/groups/me/reports/5b218778-e7a5-4d73-8187-f10824047715/ReportSection2?ctid=72f988bf-86f1-41af-91ab-2d7cd011db47&experience=power-bi");

		assertThat(address.kind()).isEqualTo(EmbedKind.SERVICE_LINK);
		assertThat(address.groupId()).isEqualTo("me");
		assertThat(address.reportId()).isEqualTo("5b218778-e7a5-4d73-8187-f10824047715");
		assertThat(address.pageName()).isEqualTo("ReportSection2");
		assertThat(address.tenantId()).isEqualTo("72f988bf-86f1-41af-91ab-2d7cd011db47");
	}

	@Test
	void appLinkIsAServiceLink() {
		EmbedAddress address = addresses.classify("https://app.powerbi.com/groups/me/apps/"
				+ "0d1c6a7e-6a5e-4a7b-9d7e-5f5f5f5f5f5f/reports/5b218778-e7a5-4d73-8187-f10824047715/ReportSection?ctid=t1");

		assertThat(address.kind()).isEqualTo(EmbedKind.SERVICE_LINK);
		assertThat(address.reportId()).isEqualTo("5b218778-e7a5-4d73-8187-f10824047715");
		assertThat(address.pageName()).isEqualTo("ReportSection");
		assertThat(address.tenantId()).isEqualTo("t1");
	}

	@Test
	void reportServerAndSovereignClouds() {
		assertThat(
				addresses.classify("https://reports.contoso.local/reports/powerbi/Sales/Overview?rs:Embed=true").kind())
			.isEqualTo(EmbedKind.REPORT_SERVER);
		assertThat(addresses
			.classify("https://app.powerbigov.us/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715")
			.kind()).isEqualTo(EmbedKind.SECURE_EMBED);
		assertThat(addresses
			.classify("https://app.fabric.microsoft.com/groups/me/reports/5b218778-e7a5-4d73-8187-f10824047715")
			.kind()).isEqualTo(EmbedKind.SERVICE_LINK);
	}

	@Test
	void relativeAddressesArePagesTheAppServesItself() {
		OwnReportPages own = new OwnReportPages() {
			@Override
			public EmbedAddress classify(String relative) {
				if (!relative.startsWith("/own/")) {
					throw new AddressRejected("only /own/ pages");
				}
				return new EmbedAddress(EmbedKind.DEMO, relative, "own", null, null, null);
			}

			@Override
			public boolean owns(String embedKind) {
				return "demo".equals(embedKind);
			}

			@Override
			public String folder() {
				return "/own/";
			}
		};
		EmbedAddresses withOwnPages = new EmbedAddresses(new PowerBiProperties(List.of("app.powerbi.com")),
				List.of(own));

		assertThat(withOwnPages.classify("/own/report").url()).isEqualTo("/own/report");
		assertThat(withOwnPages.ownPage("demo")).isTrue();
		assertThat(withOwnPages.ownPage("secure_embed")).isFalse();
		assertThat(withOwnPages.ownFolders()).containsExactly("/own/");
		assertThatThrownBy(() -> withOwnPages.classify("/admin")).isInstanceOf(AddressRejected.class)
			.hasMessage("only /own/ pages");
		assertThatThrownBy(() -> addresses.classify("/demo/report")).isInstanceOf(AddressRejected.class)
			.hasMessageContaining("pages this app serves itself");
		assertThat(addresses.ownPage("demo")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "javascript:alert(1)", "JavaScript:alert(document.cookie)", "file:///etc/passwd",
			"data:text/html,<script>alert(1)</script>", "ftp://app.powerbi.com/reportEmbed?reportId=1",
			"<iframe src=\"javascript:alert(1)\"></iframe>" })
	void refusesOtherSchemes(String junk) {
		assertThatThrownBy(() -> addresses.classify(junk)).isInstanceOf(AddressRejected.class)
			.hasMessageContaining("http and https");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example.com/reportEmbed?reportId=1", "http://10.0.0.5/reports/powerbi/Sales",
			"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/demo/report",
			"https://app.powerbi.com.evil.example.com/reportEmbed?reportId=1",
			"https://powerbi.com.attacker.net/view?r=x", "http://[::1]/reportEmbed?reportId=1" })
	void refusesHostsNotOnTheList(String foreign) {
		assertThatThrownBy(() -> addresses.classify(foreign)).isInstanceOf(AddressRejected.class)
			.hasMessageContaining("pbi-export.render.allowed-hosts");
	}

	@Test
	void explainsWhatIsWrongWithOtherAddresses() {
		assertThatThrownBy(() -> addresses.classify("https://user:secret@app.powerbi.com/reportEmbed?reportId=1"))
			.isInstanceOf(AddressRejected.class)
			.hasMessageContaining("password");
		assertThatThrownBy(() -> addresses.classify("https://app.powerbi.com/home")).isInstanceOf(AddressRejected.class)
			.hasMessageContaining("not a Power BI report address");
		assertThatThrownBy(() -> addresses.classify("https://app.powerbi.com/reportEmbed?autoAuth=true"))
			.isInstanceOf(AddressRejected.class)
			.hasMessageContaining("reportId");
		assertThatThrownBy(() -> addresses.classify("<iframe title=x></iframe>")).isInstanceOf(AddressRejected.class)
			.hasMessageContaining("src");
		assertThatThrownBy(() -> addresses.classify("  ")).isInstanceOf(AddressRejected.class);
		assertThatThrownBy(() -> addresses.classify("app.powerbi.com/reportEmbed?reportId=1"))
			.isInstanceOf(AddressRejected.class)
			.hasMessageContaining("https://");
	}

	@Test
	void anEntryWithoutAPortAllowsTheStandardPortsOnly() {
		EmbedAddresses local = new EmbedAddresses(new PowerBiProperties(List.of("127.0.0.1:8443",
				"reports.contoso.local", "*.example.com:9000", "[::1]:8080", "intranet.local:*")));

		assertThat(local.classify("https://127.0.0.1:8443/reports/powerbi/Sales").kind())
			.isEqualTo(EmbedKind.REPORT_SERVER);
		assertThatThrownBy(() -> local.classify("http://127.0.0.1:8080/reports/powerbi/Sales"))
			.isInstanceOf(AddressRejected.class)
			.hasMessageContaining("'127.0.0.1:8080'")
			.hasMessageContaining("host:port");
		assertThatThrownBy(() -> local.classify("http://127.0.0.1/reports/powerbi/Sales"))
			.isInstanceOf(AddressRejected.class);

		assertThat(local.classify("https://reports.contoso.local/reports/powerbi/Sales").kind())
			.isEqualTo(EmbedKind.REPORT_SERVER);
		assertThat(local.classify("https://reports.contoso.local:443/reports/powerbi/Sales").kind())
			.isEqualTo(EmbedKind.REPORT_SERVER);
		assertThatThrownBy(() -> local.classify("https://reports.contoso.local:6379/reports/powerbi/Sales"))
			.isInstanceOf(AddressRejected.class);

		assertThat(local.classify("https://bi.example.com:9000/reports/powerbi/Sales").kind())
			.isEqualTo(EmbedKind.REPORT_SERVER);
		assertThatThrownBy(() -> local.classify("https://bi.example.com/reports/powerbi/Sales"))
			.isInstanceOf(AddressRejected.class);
		assertThat(local.classify("http://[::1]:8080/reports/powerbi/Sales").kind()).isEqualTo(EmbedKind.REPORT_SERVER);
		assertThat(local.classify("http://intranet.local:31337/reports/powerbi/Sales").kind())
			.isEqualTo(EmbedKind.REPORT_SERVER);

		assertThat(local.allowed("reports.contoso.local")).isTrue();
		assertThat(local.allowed("127.0.0.1")).isFalse();
		assertThat(local.allowed("127.0.0.1", 8443)).isTrue();
	}

	@Test
	void aMalformedEntryIsNamed() {
		assertThatThrownBy(() -> new EmbedAddresses(new PowerBiProperties(List.of("reports.local:eighty"))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("reports.local:eighty");
	}

}
