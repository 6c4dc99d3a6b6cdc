package org.pbiexport.admin;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * History filtered by report, user and days, from GET parameters; the form keeps what was
 * typed, names a field that is not a day, and the pages keep the filters.
 */
class HistoryFiltersTest extends SqliteApp {

	static final RequestPostProcessor VIEWER = user("vera").roles("VIEWER");

	@Autowired
	MockMvc mvc;

	@Autowired
	Catalog catalog;

	@Test
	void filtersByReportUserAndDays() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		Report first = this.catalog.create(aReport().titled("First " + tag).withPage("P").build(), "alice-" + tag);
		Report second = this.catalog.create(aReport().titled("Second " + tag).withPage("P").build(), "bob-" + tag);
		this.catalog.update(first.id(), aReport().titled("First " + tag + " renamed").withPage("P").build(), null,
				"bob-" + tag);
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

		assertThat(page(get("/admin/history").param("user", tag))).contains("3 changes");
		assertThat(page(get("/admin/history").param("user", "BOB-" + tag))).contains("2 changes")
			.doesNotContain(">alice-" + tag + "<");
		assertThat(page(get("/admin/history").param("user", tag).param("report", second.id().toString())))
			.contains("1 change,", ">bob-" + tag + "<")
			.contains("<option value=\"" + second.id() + "\" selected=\"selected\">");
		assertThat(page(get("/admin/history").param("user", tag).param("from", today).param("to", today)))
			.contains("3 changes");
		assertThat(page(get("/admin/history").param("user", tag).param("from", tomorrow))).contains("0 changes",
				"No changes match.");
		assertThat(page(get("/admin/reports/" + first.id() + "/history").param("user", "alice-" + tag)))
			.contains("1 change,", "value=\"alice-" + tag + "\"");
	}

	@Test
	void aDayThatIsNotOneIsNamedAndTheRestKept() throws Exception {
		String shown = page(get("/admin/history").param("user", "somebody").param("from", "last week"));
		assertThat(shown).contains("id=\"from-error\"", "is not a day; write it like 2026-11-30", "value=\"somebody\"",
				"value=\"last week\"");
	}

	@Test
	void thePagerKeepsTheFilters() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i <= HistoryPages.PAGE_SIZE; i++) {
			this.catalog.create(aReport().titled("Many " + i).withPage("P").build(), "many-" + tag);
		}
		String shown = page(get("/admin/history").param("user", "many-" + tag));
		assertThat(shown).contains("51 changes", "href=\"?user=many-" + tag + "&amp;page=2\"");
	}

	private String page(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.with(VIEWER))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}
