package org.pbiexport.admin;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.security.UserAccounts;
import org.pbiexport.testsupport.Http;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credentials admin API of docs/contract.md over real HTTP, with HTTP Basic: add,
 * read, list, change (a missing secret keeps the stored one), delete, one problem per
 * field, and admins only. Secrets are write-only.
 */
class CredentialApiTest extends CredentialAppContext {

	@Test
	void addsAServicePrincipalAndAnswersWithoutItsSecret() {
		Http.Response response = this.admin.post(BASE, principal("contoso-sp", "sp-secret-value"));

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.header("Location")).hasValue(BASE + "/contoso-sp");
		JsonNode created = response.json();
		assertThat(created.get("name").stringValue()).isEqualTo("contoso-sp");
		assertThat(created.get("kind").stringValue()).isEqualTo("service_principal");
		assertThat(created.get("tenant_id").stringValue()).isEqualTo(TENANT);
		assertThat(created.get("client_id").stringValue()).isEqualTo(CLIENT);
		assertThat(created.get("client_secret_set").booleanValue()).isTrue();
		assertThat(created.get("updated_by").stringValue()).isEqualTo("admin");
		assertThat(created.has("created_at")).isTrue();
		assertThat(created.propertyNames()).doesNotContain("client_secret", "password", "password_set", "username",
				"origin");
		assertThat(response.body()).doesNotContain("sp-secret-value");

		assertThat(this.admin.get(BASE + "/contoso-sp").json()).isEqualTo(created);
		assertThat(this.admin.get(BASE + "/contoso-sp/").json()).isEqualTo(created);
		assertThat(this.store.find("contoso-sp").orElseThrow().secret()).isEqualTo("sp-secret-value");
	}

	@Test
	void addsAWindowsAccountBoundToItsOrigin() {
		Http.Response response = this.admin.post(BASE + "/", windows("rs-account", "pw-value")
			.replace("https://reports.contoso.local", "HTTPS://Reports.Contoso.Local:443"));

		assertThat(response.status()).isEqualTo(201);
		JsonNode created = response.json();
		assertThat(created.get("kind").stringValue()).isEqualTo("windows");
		assertThat(created.get("username").stringValue()).isEqualTo("CONTOSO\\svc-export");
		assertThat(created.get("origin").stringValue()).isEqualTo("https://reports.contoso.local");
		assertThat(created.get("password_set").booleanValue()).isTrue();
		assertThat(created.propertyNames()).doesNotContain("password", "client_secret", "client_secret_set",
				"tenant_id", "client_id");
		assertThat(this.store.find("rs-account").orElseThrow().secret()).isEqualTo("pw-value");
	}

	@Test
	void listsEveryCredentialByName() {
		this.admin.post(BASE, principal("list-b", "s1"));
		this.admin.post(BASE, windows("list-a", "s2"));

		Http.Response list = this.admin.get(BASE);
		Http.Response slashed = this.admin.get(BASE + "/");

		assertThat(list.status()).isEqualTo(200);
		List<String> names = list.json()
			.get("credentials")
			.valueStream()
			.map((c) -> c.get("name").stringValue())
			.toList();
		assertThat(names).containsSubsequence("list-a", "list-b");
		assertThat(slashed.json()).isEqualTo(list.json());
		assertThat(list.body()).doesNotContain("\"s1\"", "\"s2\"", "client_secret\"", "password\"");
	}

	@Test
	void aPutWithoutASecretKeepsTheStoredOne() {
		JsonNode created = this.admin.post(BASE, windows("rs-put", "first-pw")).json();
		String moved = created.toString().replace("https://reports.contoso.local", "https://rs2.contoso.local:8443");

		Http.Response replaced = this.admin.put(BASE + "/rs-put", moved);

		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.json().get("origin").stringValue()).isEqualTo("https://rs2.contoso.local:8443");
		assertThat(replaced.json().get("password_set").booleanValue()).isTrue();
		assertThat(this.store.find("rs-put").orElseThrow().secret()).isEqualTo("first-pw");
		assertThat(this.store.find("rs-put").orElseThrow().origin()).isEqualTo("https://rs2.contoso.local:8443");

		Http.Response newSecret = this.admin.put(BASE + "/rs-put/",
				"{\"username\": \"svc\", \"password\": \"second-pw\", \"origin\": \"https://rs.contoso.local\"}");

		assertThat(newSecret.status()).isEqualTo(200);
		assertThat(newSecret.body()).doesNotContain("second-pw");
		assertThat(this.store.find("rs-put").orElseThrow().secret()).isEqualTo("second-pw");
		assertThat(this.store.find("rs-put").orElseThrow().username()).isEqualTo("svc");
	}

	@Test
	void aPutMayNotRenameNorChangeTheKind() {
		this.admin.post(BASE, principal("sp-stays", "secret"));

		Http.Response renamed = this.admin.put(BASE + "/sp-stays", principal("sp-other", "secret"));
		Http.Response rekinded = this.admin.put(BASE + "/sp-stays", windows("sp-stays", "pw"));
		Http.Response emptySecret = this.admin.put(BASE + "/sp-stays", principal("sp-stays", ""));

		assertThat(fields(renamed)).containsExactly("name");
		assertThat(fields(rekinded)).containsExactly("kind");
		assertThat(fields(emptySecret)).containsExactly("client_secret");
		assertThat(this.store.find("sp-stays").orElseThrow().secret()).isEqualTo("secret");
	}

	@Test
	void deletesACredential() {
		this.admin.post(BASE, principal("sp-gone", "secret"));

		assertThat(this.admin.delete(BASE + "/sp-gone").status()).isEqualTo(204);
		assertThat(this.admin.get(BASE + "/sp-gone").status()).isEqualTo(404);
		assertThat(this.admin.delete(BASE + "/sp-gone/").status()).isEqualTo(404);
		assertThat(this.store.find("sp-gone")).isEmpty();
	}

	@Test
	void aCredentialThatReportsUseIsNotDeleted() {
		this.admin.post(BASE, principal("sp-in-use", "secret"));
		String report = """
				{"title": "Uses the principal", "render_mode": "embedded",
				 "powerbi": {"workspace_id": "%s", "report_id": "%s", "credential": "sp-in-use"},
				 "pages": [{"name": "ReportSectionA", "display_name": "Overview"}]}""".formatted(TENANT, CLIENT);
		Http.Response created = this.admin.post("/api/admin/reports", report);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long reportId = created.json().get("report_id").longValue();

		Http.Response refused = this.admin.delete(BASE + "/sp-in-use");

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(refused.json().get("detail").stringValue()).contains("Uses the principal")
			.contains("report " + reportId);
		assertThat(this.store.find("sp-in-use")).isPresent();
		assertThat(this.admin.delete("/api/admin/reports/" + reportId).status()).isEqualTo(204);
		assertThat(this.admin.delete(BASE + "/sp-in-use").status()).isEqualTo(204);
	}

	@Test
	void theConflictOfACredentialInUseNamesItsReports() {
		assertThat(CredentialApi.inUse(List.of(), "sp")).isEmpty();
		assertThat(CredentialApi.inUse(List.of(new ReportSummary(new ReportId(3), "Sales", "", 1, true),
				new ReportSummary(new ReportId(5), "Stock", "", 2, false)), "sp"))
			.hasValue("The credential 'sp' is used by 2 reports: 'Sales' (report 3), 'Stock' (report 5). "
					+ "Let them use another credential first, then delete it.");
	}

	@Test
	void aTakenNameIsAConflict() {
		this.admin.post(BASE, principal("taken", "secret"));

		Http.Response again = this.admin.post(BASE, principal("taken", "other"));
		Http.Response otherCase = this.admin.post(BASE, windows("TAKEN", "other"));

		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).isEqualTo("application/problem+json");
		assertThat(again.json().get("detail").stringValue()).contains("'taken' exists already");
		assertThat(otherCase.status()).isEqualTo(409);
		assertThat(this.store.find("taken").orElseThrow().secret()).isEqualTo("secret");
	}

	@Test
	void reportsEveryProblemOfAServicePrincipalOnce() {
		Http.Response response = this.admin.post(BASE, """
				{"name": "bad name", "kind": "service_principal", "tenant_id": "contoso", "client_id": 5,
				 "password": "pw", "colour": "red"}""");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(fields(response)).containsExactlyInAnyOrder("name", "tenant_id", "client_id", "client_secret",
				"password", "colour");
		assertThat(message(response, "client_id")).isEqualTo("must be text");
		assertThat(message(response, "password")).contains("not a field of a service_principal credential");
		assertThat(message(response, "colour")).contains("not a field of a credential");
		assertThat(message(response, "client_secret")).contains("required");
		assertThat(this.admin.get(BASE + "/bad name".replace(" ", "%20")).status()).isEqualTo(404);
	}

	@Test
	void reportsEveryProblemOfAWindowsAccountOnce() {
		Http.Response response = this.admin.post(BASE, """
				{"name": "rs-bad", "kind": "windows", "username": " ", "origin": "ftp://reports.contoso.local/path",
				 "tenant_id": "x"}""");

		assertThat(fields(response)).containsExactlyInAnyOrder("username", "password", "origin", "tenant_id");
		assertThat(this.admin.post(BASE, "{}").status()).isEqualTo(400);
		assertThat(fields(this.admin.post(BASE, "{}"))).containsExactlyInAnyOrder("name", "kind");
		assertThat(fields(this.admin.post(BASE, "{\"name\": \"x\", \"kind\": \"magic\"}"))).containsExactly("kind");
		assertThat(fields(this.admin.post(BASE, "[]"))).containsExactly("body");
	}

	@Test
	void anOriginIsSchemeHostAndPortOnly() {
		for (String origin : List.of("https://reports.contoso.local:8443", "http://10.0.0.5", "https://[::1]:8080",
				"https://rs.contoso.local:443")) {
			assertThat(
					this.admin
						.post(BASE,
								windows("ok-" + Math.abs(origin.hashCode()), "pw")
									.replace("https://reports.contoso.local", origin))
						.status())
				.as(origin)
				.isEqualTo(201);
		}
		for (String origin : List.of("https://reports.contoso.local/", "https://reports.contoso.local/reports",
				"https://user@reports.contoso.local", "https://reports.contoso.local?x=1",
				"https://reports.contoso.local#a", "javascript:alert(1)", "ftp://reports.contoso.local",
				"https://reports.contoso.local:99999", "reports.contoso.local", "https://")) {
			Http.Response response = this.admin.post(BASE,
					windows("bad-origin", "pw").replace("https://reports.contoso.local", origin));
			assertThat(fields(response)).as(origin).containsExactly("origin");
		}
	}

	@Test
	void aTenantIsAGuidOrADomainAndAClientAGuid() {
		assertThat(
				this.admin.post(BASE, principal("by-domain", "s").replace(TENANT, "contoso.onmicrosoft.com")).status())
			.isEqualTo(201);
		assertThat(fields(this.admin.post(BASE, principal("by-name", "s").replace(TENANT, "contoso"))))
			.containsExactly("tenant_id");
		assertThat(fields(this.admin.post(BASE, principal("by-path", "s").replace(TENANT, "contoso.com/../x"))))
			.containsExactly("tenant_id");
		assertThat(fields(this.admin.post(BASE, principal("bad-client", "s").replace(CLIENT, "my-app"))))
			.containsExactly("client_id");
	}

	@Test
	void acceptsOnlyJsonBodies() {
		Http.Response form = this.admin.send("POST", BASE, "application/x-www-form-urlencoded", "name=x");
		Http.Response broken = this.admin.post(BASE, "{\"name\": ");

		assertThat(form.status()).isEqualTo(415);
		assertThat(broken.status()).isEqualTo(400);
		assertThat(broken.contentType()).isEqualTo("application/problem+json");
		assertThat(broken.body()).doesNotContain("Exception", "tools.jackson");
	}

	@Test
	void unknownNamesAreNotFound() {
		for (Http.Response response : List.of(this.admin.get(BASE + "/nobody"),
				this.admin.put(BASE + "/nobody", principal("nobody", "s")), this.admin.delete(BASE + "/nobody"),
				this.admin.post(BASE + "/nobody/test", ""))) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			assertThat(response.json().get("detail").stringValue()).contains("no credential named 'nobody'");
		}
	}

	@Test
	void onlyAdminsMayUseIt() {
		this.admin.post(BASE, principal("guarded", "secret"));
		this.users.createIfAbsent("cred-editor", "editor-pw-long", UserAccounts.Role.EDITOR);
		this.users.createIfAbsent("cred-viewer", "viewer-pw-long", UserAccounts.Role.VIEWER);
		Http editor = this.anonymous.as("cred-editor", "editor-pw-long");
		Http viewer = this.anonymous.as("cred-viewer", "viewer-pw-long");

		for (Http client : List.of(editor, viewer)) {
			assertThat(client.get(BASE).status()).isEqualTo(403);
			assertThat(client.get(BASE + "/guarded").status()).isEqualTo(403);
			assertThat(client.post(BASE, principal("sneaky", "s")).status()).isEqualTo(403);
			assertThat(client.put(BASE + "/guarded", principal("guarded", "s")).status()).isEqualTo(403);
			assertThat(client.delete(BASE + "/guarded").status()).isEqualTo(403);
			assertThat(client.post(BASE + "/guarded/test", "").status()).isEqualTo(403);
		}
		Http.Response anonymous = this.anonymous.get(BASE);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.contentType()).isEqualTo("application/problem+json");
		assertThat(this.anonymous.get(BASE + "/guarded").status()).isEqualTo(401);
		// Without credentials a write has no CSRF token either, and that check comes
		// first.
		assertThat(this.anonymous.post(BASE, principal("sneaky", "s")).status()).isIn(401, 403);
		assertThat(this.anonymous.put(BASE + "/guarded", principal("guarded", "s")).status()).isIn(401, 403);
		assertThat(this.anonymous.delete(BASE + "/guarded").status()).isIn(401, 403);
		assertThat(this.anonymous.post(BASE + "/guarded/test", "").status()).isIn(401, 403);
		assertThat(this.store.find("sneaky")).isEmpty();
		assertThat(this.store.find("guarded").orElseThrow().secret()).isEqualTo("secret");
	}

	static List<String> fields(Http.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		return response.json().get("errors").valueStream().map((e) -> e.get("field").stringValue()).toList();
	}

	static String message(Http.Response response, String field) {
		return response.json()
			.get("errors")
			.valueStream()
			.filter((e) -> e.get("field").stringValue().equals(field))
			.findFirst()
			.orElseThrow()
			.get("message")
			.stringValue();
	}

}
