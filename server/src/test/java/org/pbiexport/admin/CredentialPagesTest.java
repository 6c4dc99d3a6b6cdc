package org.pbiexport.admin;

import org.junit.jupiter.api.Test;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;

import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The admin pages for credentials: list, add each kind, errors beside their fields with
 * the input kept and the secret never shown again, edit keeping the stored secret, delete
 * with a confirmation; admins only, and every change needs its CSRF token.
 */
class CredentialPagesTest extends CredentialAppContext {

	static final RequestPostProcessor ADMIN = user("root").roles("ADMIN");

	static final RequestPostProcessor EDITOR = user("erin").roles("EDITOR");

	static final RequestPostProcessor VIEWER = user("vic").roles("VIEWER");

	@Test
	void listsCredentialsWithoutSecretsAndOffersBothKinds() throws Exception {
		this.store.create(windowsAccount("page-rs", "list-page-password"), "alice");

		String page = body(ADMIN, get("/admin/credentials"), 200);

		assertThat(page).contains("page-rs")
			.contains("Windows account")
			.contains("CONTOSO\\svc at https://reports.contoso.local")
			.contains("secret set")
			.contains("aria-label=\"Test page-rs\"")
			.contains("Add service principal")
			.contains("Add Windows account")
			.contains("embedded")
			.contains("export_api")
			.contains("Report Server")
			.contains("name=\"_csrf\"")
			.doesNotContain("list-page-password");
		assertThat(body(ADMIN, get("/admin/reports"), 200)).contains("href=\"/admin/credentials\"");
		assertThat(body(EDITOR, get("/admin/reports"), 200)).doesNotContain("href=\"/admin/credentials\"");
	}

	@Test
	void addsAServicePrincipalFromTheForm() throws Exception {
		MvcResult result = this.mvc
			.perform(post("/admin/credentials").with(ADMIN)
				.with(csrf())
				.param("kind", "service_principal")
				.param("name", "page-sp")
				.param("tenant_id", TENANT)
				.param("client_id", CLIENT)
				.param("client_secret", "form-sp-secret")
				.param("username", "ignored for this kind"))
			.andReturn();

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/credentials");
		assertThat(result.getFlashMap().get("message")).asString().contains("page-sp");
		Credential stored = this.store.find("page-sp").orElseThrow();
		assertThat(stored.secret()).isEqualTo("form-sp-secret");
		assertThat(stored.username()).isNull();
		assertThat(this.store.describe("page-sp").orElseThrow().updatedBy()).isEqualTo("root");
	}

	@Test
	void problemsAreShownBesideTheirFieldsWithTheInputKeptButNotTheSecret() throws Exception {
		String page = body(ADMIN,
				post("/admin/credentials").with(csrf())
					.param("kind", "windows")
					.param("name", "page-bad")
					.param("username", "CONTOSO\\kept-user")
					.param("password", "never-shown-again")
					.param("origin", "https://reports.contoso.local/reports/powerbi"),
				200);

		assertThat(page).contains("id=\"win-origin-error\"")
			.contains("must be an origin")
			.contains("value=\"page-bad\"")
			.contains("value=\"CONTOSO\\kept-user\"")
			.contains("value=\"https://reports.contoso.local/reports/powerbi\"")
			.contains("aria-invalid=\"true\"")
			.contains("Enter the secret again")
			.doesNotContain("never-shown-again")
			.doesNotContain("id=\"sp-tenant_id-error\"");
		assertThat(this.store.describe("page-bad")).isEmpty();

		String taken = body(ADMIN,
				post("/admin/credentials").with(csrf())
					.param("kind", "service_principal")
					.param("name", "page-taken")
					.param("tenant_id", TENANT)
					.param("client_id", CLIENT)
					.param("client_secret", "s1"),
				302);
		assertThat(taken).isEmpty();
		String again = body(ADMIN,
				post("/admin/credentials").with(csrf())
					.param("kind", "service_principal")
					.param("name", "page-taken")
					.param("tenant_id", TENANT)
					.param("client_id", CLIENT)
					.param("client_secret", "second-secret"),
				200);
		assertThat(again).contains("id=\"sp-name-error\"").contains("exists already").doesNotContain("second-secret");
	}

	@Test
	void editingWithoutASecretKeepsTheStoredOne() throws Exception {
		this.store.create(windowsAccount("page-edit", "kept-password"), "alice");

		String form = body(ADMIN, get("/admin/credentials/page-edit"), 200);
		assertThat(form).contains("Leave empty to keep the stored secret")
			.contains("value=\"https://reports.contoso.local\"")
			.doesNotContain("kept-password");

		body(ADMIN,
				post("/admin/credentials/page-edit").with(csrf())
					.param("username", "CONTOSO\\other")
					.param("password", "")
					.param("origin", "https://rs.contoso.local:8443"),
				302);

		Credential kept = this.store.find("page-edit").orElseThrow();
		assertThat(kept.secret()).isEqualTo("kept-password");
		assertThat(kept.username()).isEqualTo("CONTOSO\\other");
		assertThat(kept.origin()).isEqualTo("https://rs.contoso.local:8443");

		String invalid = body(ADMIN,
				post("/admin/credentials/page-edit").with(csrf())
					.param("username", "a:b")
					.param("password", "typed-but-refused")
					.param("origin", "https://rs.contoso.local"),
				200);
		assertThat(invalid).contains("id=\"win-username-error\"")
			.contains("value=\"a:b\"")
			.doesNotContain("typed-but-refused");

		body(ADMIN,
				post("/admin/credentials/page-edit").with(csrf())
					.param("username", "CONTOSO\\other")
					.param("password", "replaced-password")
					.param("origin", "https://rs.contoso.local"),
				302);
		assertThat(this.store.find("page-edit").orElseThrow().secret()).isEqualTo("replaced-password");
	}

	@Test
	void deletesAfterAConfirmation() throws Exception {
		this.store.create(windowsAccount("page-delete", "pw"), "alice");

		String confirmation = body(ADMIN, get("/admin/credentials/page-delete/delete"), 200);
		assertThat(confirmation).contains("Delete the credential page-delete?")
			.contains("No report uses it")
			.contains("Yes, delete it");
		assertThat(this.store.describe("page-delete")).isPresent();

		body(ADMIN, post("/admin/credentials/page-delete/delete").with(csrf()), 302);

		assertThat(this.store.describe("page-delete")).isEmpty();
		String missing = body(ADMIN, get("/admin/credentials/page-delete"), 404);
		assertThat(missing).contains("no credential named &#39;page-delete&#39;").doesNotContain("\"status\"");
	}

	@Test
	void onlyAdminsWithTheirCsrfTokenMayUseThePages() throws Exception {
		this.store.create(windowsAccount("page-guarded", "pw"), "alice");

		for (RequestPostProcessor role : new RequestPostProcessor[] { EDITOR, VIEWER }) {
			body(role, get("/admin/credentials"), 403);
			body(role, get("/admin/credentials/page-guarded"), 403);
			body(role, post("/admin/credentials/page-guarded/delete").with(csrf()), 403);
		}
		body(ADMIN, post("/admin/credentials/page-guarded/delete"), 403);
		body(ADMIN, post("/admin/credentials").param("kind", "windows").param("name", "no-token"), 403);
		assertThat(this.store.describe("page-guarded")).isPresent();
		assertThat(this.mvc.perform(get("/admin/credentials").accept("text/html"))
			.andReturn()
			.getResponse()
			.getRedirectedUrl()).isEqualTo("/login");
	}

	static Credential windowsAccount(String name, String password) {
		return new Credential(name, CredentialKind.WINDOWS, null, null, "CONTOSO\\svc", "https://reports.contoso.local",
				password);
	}

	private String body(RequestPostProcessor who, MockHttpServletRequestBuilder request, int status) throws Exception {
		MvcResult result = this.mvc.perform(request.with(who)).andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
		return result.getResponse().getContentAsString();
	}

}
