package org.pbiexport.powerbi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderUrlsTest {

	static final String EMBED = "https://app.powerbi.com/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715&autoAuth=true";

	@Test
	void appendsToAnExistingQueryWithAmpersand() {
		assertThat(RenderUrls.build(EMBED, "ReportSection2", null, "Store/Territory eq 'NC'", false))
			.isEqualTo(EMBED + "&pageName=ReportSection2&filter=Store%2FTerritory%20eq%20%27NC%27");
	}

	@Test
	void startsAQueryWithQuestionMark() {
		assertThat(RenderUrls.build("https://app.powerbi.com/groups/me/reports/5b218778-e7a5-4d73-8187-f10824047715",
				null, null, "T/c eq 1", false))
			.isEqualTo(
					"https://app.powerbi.com/groups/me/reports/5b218778-e7a5-4d73-8187-f10824047715?filter=T%2Fc%20eq%201");
		assertThat(RenderUrls.build("https://x.powerbi.com/r?", null, null, "T/c eq 1", false))
			.isEqualTo("https://x.powerbi.com/r?filter=T%2Fc%20eq%201");
	}

	@Test
	void encodesEverythingThatCouldChangeTheAddress() {
		assertThat(RenderUrls.encode("a b+c/d?e#f&g%h'i=j")).isEqualTo("a%20b%2Bc%2Fd%3Fe%23f%26g%25h%27i%3Dj");
		assertThat(RenderUrls.encode("Zürich 表 😀")).isEqualTo("Z%C3%BCrich%20%E8%A1%A8%20%F0%9F%98%80");
		assertThat(RenderUrls.encode("x")).doesNotContain("+");
	}

	@Test
	void usesTheReportsFilterParameterAndHidesPanes() {
		assertThat(RenderUrls.build(EMBED, null, "$filter", "T/c eq 1", true))
			.isEqualTo(EMBED + "&%24filter=T%2Fc%20eq%201&navContentPaneEnabled=false&filterPaneEnabled=false");
	}

	@Test
	void replacesParametersTheAddressAlreadyHasAndKeepsFragments() {
		assertThat(RenderUrls.build(EMBED + "&pageName=Old&filterPaneEnabled=true#x", "New", null, null, true))
			.isEqualTo(EMBED + "&pageName=New&navContentPaneEnabled=false&filterPaneEnabled=false#x");
	}

	@Test
	void serviceLinksTakeThePageAsAPathSegment() {
		String report = "https://app.powerbi.com/groups/me/reports/5b218778-e7a5-4d73-8187-f10824047715";

		assertThat(RenderUrls.servicePage(report, "ReportSection2")).isEqualTo(report + "/ReportSection2");
		assertThat(RenderUrls.servicePage(report + "/ReportSection1?ctid=72f9&experience=power-bi", "a1b2c3"))
			.isEqualTo(report + "/a1b2c3?ctid=72f9&experience=power-bi");
		assertThat(RenderUrls.servicePage(report + "/?ctid=72f9#top", "ReportSection3"))
			.isEqualTo(report + "/ReportSection3?ctid=72f9#top");
		String app = "https://app.powerbi.com/groups/me/apps/0d1c6a7e-6a5e-4a7b-9d7e-5f5f5f5f5f5f/reports/"
				+ "5b218778-e7a5-4d73-8187-f10824047715";
		assertThat(RenderUrls.servicePage(app + "/ReportSection1", "ReportSection9"))
			.isEqualTo(app + "/ReportSection9");
		assertThatThrownBy(() -> RenderUrls.servicePage(EMBED, "ReportSection2"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void refusesQueryStringsOverTwoThousandCharacters() {
		String longFilter = "T/c in ('" + "x".repeat(1950) + "')";
		assertThatThrownBy(() -> RenderUrls.build(EMBED, null, null, longFilter, false))
			.isInstanceOf(QueryTooLong.class)
			.hasMessageContaining("2000");
		assertThat(RenderUrls.build("https://app.powerbi.com/view?r=a", null, null, "x".repeat(1000), false))
			.isNotNull();
	}

}
