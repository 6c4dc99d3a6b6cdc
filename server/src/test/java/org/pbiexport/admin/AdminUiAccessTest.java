package org.pbiexport.admin;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.security.UserAccounts;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.regions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Who may do what on the admin pages: viewers read, editors also change reports, admins
 * also manage users and API keys; no session goes to the sign-in page; every change needs
 * its CSRF token; and two editors saving the same report lose nothing.
 */
class AdminUiAccessTest extends SqliteApp {

	static final RequestPostProcessor ADMIN = user("root").roles("ADMIN");

	static final RequestPostProcessor EDITOR = user("erin").roles("EDITOR");

	static final RequestPostProcessor OTHER_EDITOR = user("eddie").roles("EDITOR");

	static final RequestPostProcessor VIEWER = user("vic").roles("VIEWER");

	@Autowired
	MockMvc mvc;

	@Autowired
	Catalog catalog;

	@Autowired
	UserAccounts users;

	Report report;

	@BeforeEach
	void aReportToWorkOn() {
		this.report = this.catalog.create(aReport().titled("Access " + System.nanoTime())
			.withPage("ReportSection1")
			.withFilter(regions("North", "South"))
			.build(), "setup");
	}

	@Test
	void withoutASessionTheAdminPagesSendYouToSignIn() throws Exception {
		for (String path : List.of("/admin", "/admin/reports", "/admin/reports/" + this.report.id(), "/admin/history",
				"/admin/users")) {
			this.mvc.perform(get(path).accept("text/html"))
				.andExpect(status().isFound())
				.andExpect(redirectedUrl("/login"));
		}
		this.mvc.perform(get("/login")).andExpect(status().isOk());
	}

	@Test
	void aPostWithoutCsrfTokenIsForbidden() throws Exception {
		this.mvc.perform(post("/admin/reports/new").with(ADMIN).param("title", "x")).andExpect(status().isForbidden());
		this.mvc.perform(post("/admin/reports/" + this.report.id() + "/delete").with(ADMIN))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/admin/users").with(ADMIN).param("username", "x").param("password", "long-enough-pw"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/login").param("username", "admin").param("password", "test-admin-pw"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/logout").with(ADMIN)).andExpect(status().isForbidden());
		assertThat(this.catalog.find(this.report.id())).isPresent();
		assertThat(this.users.role("x")).isEmpty();
	}

	@Test
	void signingInWithTheFormWorksOnlyWithTheRightPassword() throws Exception {
		this.mvc.perform(post("/login").with(csrf()).param("username", "admin").param("password", "wrong"))
			.andExpect(redirectedUrl("/login?error"));
		this.mvc.perform(post("/login").with(csrf()).param("username", "admin").param("password", "test-admin-pw"))
			.andExpect(redirectedUrl("/admin"));
	}

	@Test
	void viewersOnlyLook() throws Exception {
		expectStatus(VIEWER, get("/admin/reports"), 200);
		expectStatus(VIEWER, get("/admin/reports/" + this.report.id()), 200);
		expectStatus(VIEWER, get("/admin/history"), 200);
		expectStatus(VIEWER, get("/admin/account"), 200);
		expectStatus(VIEWER, post("/admin/reports/new").param("title", "x"), 403);
		expectStatus(VIEWER, post("/admin/reports/" + this.report.id()).param("title", "changed"), 403);
		expectStatus(VIEWER, post("/admin/reports/" + this.report.id() + "/delete"), 403);
		expectStatus(VIEWER,
				post("/admin/reports/bulk/apply").param("action", "delete").param("ids", this.report.id().toString()),
				403);
		expectStatus(VIEWER, get("/admin/users"), 403);
		expectStatus(VIEWER, get("/admin/api-keys"), 403);
		String page = body(VIEWER, get("/admin/reports/" + this.report.id()));
		assertThat(page).doesNotContain("Save and continue editing").contains("disabled");
		assertThat(this.catalog.find(this.report.id())).hasValue(this.report);
	}

	@Test
	void editorsChangeReportsButNotUsersOrKeys() throws Exception {
		expectStatus(EDITOR, saveOf(this.report, "Renamed by an editor", this.report.version()), 302);
		assertThat(this.catalog.find(this.report.id()).orElseThrow().title()).isEqualTo("Renamed by an editor");
		expectStatus(EDITOR, get("/admin/users"), 403);
		expectStatus(EDITOR, post("/admin/users").param("username", "sneaky").param("password", "long-enough-pw"), 403);
		expectStatus(EDITOR, get("/admin/api-keys"), 403);
		expectStatus(EDITOR, post("/admin/api-keys").param("name", "mine"), 403);
		expectStatus(EDITOR, post("/admin/reports/" + this.report.id() + "/delete"), 302);
		assertThat(this.catalog.find(this.report.id())).isEmpty();
		assertThat(this.users.role("sneaky")).isEmpty();
	}

	@Test
	void adminsAlsoManageUsersAndKeys() throws Exception {
		expectStatus(ADMIN, get("/admin/users"), 200);
		expectStatus(ADMIN,
				post("/admin/users").param("username", "newbie")
					.param("password", "a-long-password")
					.param("role", "VIEWER"),
				302);
		assertThat(this.users.role("newbie")).hasValue(UserAccounts.Role.VIEWER);
		expectStatus(ADMIN, post("/admin/users/newbie").param("role", "EDITOR"), 302);
		assertThat(this.users.role("newbie")).hasValue(UserAccounts.Role.EDITOR);
		String tooShort = body(ADMIN,
				post("/admin/users").param("username", "shorty").param("password", "short").param("role", "VIEWER"));
		assertThat(tooShort).contains("password: must be 10 to 200 characters long");
		assertThat(this.users.role("shorty")).isEmpty();
		expectStatus(ADMIN, get("/admin/api-keys"), 200);
		expectStatus(ADMIN, post("/admin/api-keys").param("name", "intranet"), 302);
	}

	@Test
	void aRejectedKeyFormKeepsItsReportsAndSaysWhyBesideTheName() throws Exception {
		Report other = this.catalog.create(aReport().titled("Other " + System.nanoTime()).build(), "setup");
		String page = body(ADMIN,
				post("/admin/api-keys").param("name", " ")
					.param("reports", this.report.id().toString(), other.id().toString())
					.param("origins", "https://intranet.example.com")
					.param("admin_access", "true"));

		assertThat(page).containsPattern("<option value=\"" + this.report.id() + "\"[^>]*selected")
			.containsPattern("<option value=\"" + other.id() + "\"[^>]*selected")
			.containsPattern("id=\"name-error\"[^>]*>Give the key a name")
			.contains("value=\"https://intranet.example.com\"")
			.containsPattern("name=\"admin_access\"[^>]*checked");
	}

	@Test
	void theLastAdminCannotBeDemoted() throws Exception {
		MvcResult result = this.mvc.perform(post("/admin/users/admin").with(ADMIN).with(csrf()).param("role", "VIEWER"))
			.andReturn();
		assertThat(result.getFlashMap().get("error")).asString().contains("last enabled admin");
		assertThat(this.users.role("admin")).hasValue(UserAccounts.Role.ADMIN);
	}

	@Test
	void twoEditorsSavingTheSameReportLoseNothing() throws Exception {
		long loaded = this.report.version();
		// Both opened the form at the same version; the other editor saves first.
		expectStatus(OTHER_EDITOR, saveOf(this.report, "Their title", loaded), 302);

		String page = body(EDITOR, saveOf(this.report, "My title", loaded));

		assertThat(page).contains("Someone else saved this report while you were editing it")
			.contains("eddie saved version " + (loaded + 1))
			.contains("value=\"My title\"")
			.contains("Save mine over theirs");
		Report stored = this.catalog.find(this.report.id()).orElseThrow();
		assertThat(stored.title()).isEqualTo("Their title");
		assertThat(stored.updatedBy()).isEqualTo("eddie");

		// Having looked, the editor keeps their version on purpose.
		expectStatus(EDITOR, saveOf(this.report, "My title", loaded).param("overwrite", String.valueOf(loaded + 1)),
				302);
		assertThat(this.catalog.find(this.report.id()).orElseThrow().title()).isEqualTo("My title");
	}

	@Test
	void formErrorsComeBackBesideTheirFieldsAndNothingIsStored() throws Exception {
		String page = body(EDITOR,
				post("/admin/reports/new").param("title", "")
					.param("embedUrl", "https://evil.example.com/report")
					.param("pages[0].name", "P1")
					.param("pages[0].width", "12")
					.param("filters[0].label", "Year")
					.param("filters[0].table", "Calendar")
					.param("filters[0].column", "Year")
					.param("filters[0].type", "integer")
					.param("filters[0].allowedValues", "2024\nabc")
					.param("filters[0].defaults", "2030"));
		assertThat(page).contains("problems to fix")
			.contains("must not be empty")
			.contains("evil.example.com")
			.contains("must be a whole number from 100 to 10000")
			.contains("line 2: must be a whole number")
			.contains("value=\"12\"");
		assertThat(this.catalog.listing()).noneMatch((listing) -> listing.title().isEmpty());
	}

	@Test
	void theImportWizardRefusesAnImportModeItDoesNotKnowAsTheApiDoes() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "filters.csv", "text/csv",
				"filter_label,column_name,table_name,allowed_values\nYear,year,Calendar,2024\n".getBytes());

		String page = this.mvc
			.perform(multipart("/admin/reports/" + this.report.id() + "/filters/import").file(file)
				.param("mode", "append")
				.with(EDITOR)
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("mode: must be merge or replace, got &#39;append&#39;");
		assertThat(this.catalog.find(this.report.id())).hasValue(this.report);
	}

	private MockHttpServletRequestBuilder saveOf(Report report, String title, long version) {
		return post("/admin/reports/" + report.id()).param("title", title)
			.param("embedUrl", report.embedUrl())
			.param("enabled", "true")
			.param("version", String.valueOf(version))
			.param("pages[0].name", report.pages().get(0).name())
			.param("pages[0].displayName", report.pages().get(0).displayName())
			.param("pages[0].width", "1280")
			.param("pages[0].height", "720")
			.param("save", "save");
	}

	private void expectStatus(RequestPostProcessor who, MockHttpServletRequestBuilder request, int expected)
			throws Exception {
		this.mvc.perform(request.with(who).with(csrf())).andExpect(status().is(expected));
	}

	private String body(RequestPostProcessor who, MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.with(who).with(csrf())).andReturn().getResponse().getContentAsString();
	}

}
