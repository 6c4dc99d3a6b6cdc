package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.regions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The report list as the BI team works with it: search, sort, pages, bulk actions with a
 * confirmation, and the list as it was after a save; and the import wizard refusing a
 * preview of a report that changed since.
 */
class ReportListTest extends SqliteApp {

	static final RequestPostProcessor EDITOR = user("erin").roles("EDITOR");

	private static final Pattern ROW_TITLE = Pattern
		.compile("<td><a href=\"/admin/reports/\\d+\\?[^\"]*\">([^<]+)</a>");

	@Autowired
	MockMvc mvc;

	@Autowired
	Catalog catalog;

	@Test
	void searchesSortsAndPages() throws Exception {
		String tag = "Zq" + System.nanoTime();
		List<Report> created = new ArrayList<>();
		for (int i = 1; i <= 25; i++) {
			var builder = aReport().titled(tag + " report " + String.format("%02d", i)).withPage("P1");
			for (int p = 2; p <= i % 4 + 1; p++) {
				builder = builder.withPage("P" + p);
			}
			created.add(this.catalog.create(builder.build(), "setup"));
		}

		List<String> first = titles(page("/admin/reports?q=" + tag.toLowerCase()));
		assertThat(first).hasSize(20).first().isEqualTo(tag + " report 01");
		String firstPage = page("/admin/reports?q=" + tag);
		assertThat(firstPage).contains("25 reports").contains("Page 1 of 2");
		assertThat(titles(page("/admin/reports?q=" + tag + "&page=2"))).hasSize(5).last().isEqualTo(tag + " report 25");
		assertThat(titles(page("/admin/reports?q=" + tag + "&sort=title&dir=desc"))).first()
			.isEqualTo(tag + " report 25");
		List<String> byPages = titles(page("/admin/reports?q=" + tag + "&sort=pages&dir=desc"));
		assertThat(byPages.get(0)).isIn(tag + " report 03", tag + " report 07", tag + " report 11", tag + " report 15",
				tag + " report 19", tag + " report 23");
		assertThat(page("/admin/reports?q=" + tag + "&sort=pages&dir=desc")).contains("aria-sort=\"descending\"");
		assertThat(titles(page("/admin/reports?q=nothing-matches-" + tag))).isEmpty();

		// The list's state goes through the form and comes back after a save.
		Report one = created.get(0);
		MvcResult saved = this.mvc
			.perform(post("/admin/reports/" + one.id()).with(EDITOR)
				.with(csrf())
				.param("title", one.title())
				.param("embedUrl", one.embedUrl())
				.param("enabled", "true")
				.param("version", String.valueOf(one.version()))
				.param("pages[0].name", "P1")
				.param("back", "q=" + tag + "&sort=pages&dir=desc&page=2"))
			.andReturn();
		assertThat(saved.getResponse().getRedirectedUrl())
			.isEqualTo("/admin/reports?q=" + tag + "&sort=pages&dir=desc&page=2");
	}

	@Test
	void bulkActionsAskFirstThenApplyToTheChosenReports() throws Exception {
		Report a = this.catalog.create(aReport().titled("Bulk A").withPage("P1").build(), "setup");
		Report b = this.catalog.create(aReport().titled("Bulk B").withPage("P1").build(), "setup");
		Report c = this.catalog.create(aReport().titled("Bulk C").withPage("P1").build(), "setup");

		String confirm = this.mvc
			.perform(post("/admin/reports/bulk").with(EDITOR)
				.with(csrf())
				.param("action", "disable")
				.param("ids", a.id().toString(), b.id().toString()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(confirm).contains("Disable these 2 reports?")
			.contains("\u2014 1 page, no filters")
			.contains("Yes, disable 2 reports")
			.contains("Bulk A")
			.contains("Bulk B")
			.doesNotContain("Bulk C");
		assertThat(this.catalog.find(a.id()).orElseThrow().enabled()).isTrue();
		String german = this.mvc
			.perform(post("/admin/reports/bulk").with(EDITOR)
				.with(csrf())
				.header("Accept-Language", "de-CH, de;q=0.9, en;q=0.5")
				.param("action", "delete")
				.param("ids", a.id().toString()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(german).contains("<html lang=\"de\"")
			.contains("Diesen Bericht löschen?")
			.contains("\u2014 1 Seite, keine Filter")
			.contains("Ja, ihn löschen");

		this.mvc.perform(post("/admin/reports/bulk/apply").with(EDITOR)
			.with(csrf())
			.param("action", "disable")
			.param("ids", a.id().toString(), b.id().toString()));
		assertThat(this.catalog.find(a.id()).orElseThrow().enabled()).isFalse();
		assertThat(this.catalog.find(b.id()).orElseThrow().enabled()).isFalse();
		assertThat(this.catalog.find(c.id()).orElseThrow().enabled()).isTrue();

		this.mvc.perform(post("/admin/reports/bulk/apply").with(EDITOR)
			.with(csrf())
			.param("action", "delete")
			.param("ids", a.id().toString(), c.id().toString()));
		assertThat(this.catalog.find(a.id())).isEmpty();
		assertThat(this.catalog.find(c.id())).isEmpty();
		assertThat(this.catalog.find(b.id())).isPresent();

		MvcResult nothingChosen = this.mvc
			.perform(post("/admin/reports/bulk").with(EDITOR).with(csrf()).param("action", "delete"))
			.andReturn();
		assertThat(nothingChosen.getFlashMap().get("error")).isEqualTo("Select one or more reports first.");
	}

	@Test
	void theImportWizardRefusesAPreviewOfAReportChangedSince() throws Exception {
		Report report = this.catalog
			.create(aReport().titled("Wizard").withPage("P1").withFilter(regions("North")).build(), "setup");
		MockHttpSession session = new MockHttpSession();
		MockMultipartFile file = new MockMultipartFile("file", "regions.csv", "text/csv",
				"filter_label,column_name,table_name,allowed_values\nRegion,region,Geography,North|South\n".getBytes());
		String preview = this.mvc
			.perform(multipart("/admin/reports/" + report.id() + "/filters/import").file(file)
				.session(session)
				.with(EDITOR)
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Matcher token = Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"").matcher(preview);
		assertThat(token.find()).isTrue();

		// Someone saves the report between the preview and the confirmation.
		this.catalog.update(report.id(), report.draft(), report.version(), "someone-else");

		MvcResult confirmed = this.mvc
			.perform(post("/admin/reports/" + report.id() + "/filters/import/confirm").session(session)
				.param("token", token.group(1))
				.with(EDITOR)
				.with(csrf()))
			.andReturn();
		assertThat(confirmed.getFlashMap().get("error")).asString()
			.contains("changed after your preview")
			.contains("someone-else");
		assertThat(this.catalog.find(report.id()).orElseThrow().filter("region").orElseThrow().allowedValues())
			.containsExactly("North");
	}

	@Test
	void aPreviewThatCannotRenderSaysWhyInWords() throws Exception {
		Report report = this.catalog.create(aReport().titled("No default")
			.withPage("P1")
			.withFilter(org.pbiexport.testsupport.Reports.dates(java.time.LocalDate.of(2024, 1, 31)))
			.build(), "setup");

		String preview = page("/admin/reports/" + report.id() + "/preview/0");

		assertThat(preview).contains("Could not render: &#39;Date&#39; is required but has no default value")
			.doesNotContain("<img");
		assertThat(page("/admin/reports/" + report.id() + "/preview/5")).contains("has no page number 6");
	}

	private String page(String path) throws Exception {
		return this.mvc.perform(get(path).with(EDITOR)).andReturn().getResponse().getContentAsString();
	}

	private static List<String> titles(String page) {
		List<String> titles = new ArrayList<>();
		Matcher matcher = ROW_TITLE.matcher(page);
		while (matcher.find()) {
			titles.add(matcher.group(1));
		}
		return titles;
	}

}
