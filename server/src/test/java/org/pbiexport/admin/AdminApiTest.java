package org.pbiexport.admin;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.security.UserAccounts;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin JSON API of docs/contract.md over real HTTP, with HTTP Basic. */
class AdminApiTest extends SqliteApp {

	static final String IFRAME = """
			<iframe title="Regional sales" width="1140" height="541.25" \
			src="https://app.powerbi.com/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715&amp;autoAuth=true&amp;ctid=72f988bf-86f1-41af-91ab-2d7cd011db47" \
			frameborder="0" allowFullScreen="true"></iframe>""";

	static final String DOCUMENT = """
			{"title": "Regional sales", "description": "", "enabled": true, "render_mode": "url",
			 "embed_url": %s,
			 "pages": [{"name": "ReportSectionA", "display_name": "Overview", "order": 1, "width": 1280, "height": 720},
			           {"name": "ReportSectionB"}],
			 "filters": [{"label": "Channel", "table": "Sales Channel", "column": "channel", "type": "text",
			              "multiple": true, "required": false,
			              "allowed_values": ["Online", "Retail"], "default": ["Online"]},
			             {"label": "Year", "table": "Calendar", "column": "year", "type": "integer",
			              "allowed_values": [2023, 2024], "default": 2024}]}""";

	@LocalServerPort
	int port;

	@Autowired
	UserAccounts users;

	@Autowired
	JdbcClient jdbc;

	Http anonymous;

	Http admin;

	@BeforeEach
	void clients() {
		this.anonymous = new Http(this.port);
		this.admin = this.anonymous.as("admin", "test-admin-pw");
	}

	@Test
	void createsAReportFromAnIframeSnippet() {
		Http.Response response = this.admin.post("/api/admin/reports", DOCUMENT.formatted(json(IFRAME)));

		assertThat(response.status()).isEqualTo(201);
		JsonNode created = response.json();
		long id = created.get("report_id").longValue();
		assertThat(response.header("Location")).hasValue("/api/admin/reports/" + id);
		assertThat(created.get("embed_kind").stringValue()).isEqualTo("secure_embed");
		assertThat(created.get("embed_kind_description").stringValue()).contains("URL filters and page choice work");
		assertThat(created.get("url_filters").booleanValue()).isTrue();
		assertThat(created.get("sign_in_needed").booleanValue()).isTrue();
		assertThat(created.get("embed_url").stringValue()).isEqualTo(
				"https://app.powerbi.com/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715&autoAuth=true&ctid=72f988bf-86f1-41af-91ab-2d7cd011db47");
		assertThat(created.get("pages").get(1).toString()).isEqualTo(
				"{\"name\":\"ReportSectionB\",\"display_name\":\"ReportSectionB\",\"order\":2,\"width\":1280,\"height\":720}");
		assertThat(created.get("filters").get(0).get("default").toString()).isEqualTo("[\"Online\"]");
		assertThat(created.get("filters").get(1).get("default").toString()).isEqualTo("2024");
		assertThat(created.get("version").longValue()).isEqualTo(1);
		assertThat(created.get("updated_by").stringValue()).isEqualTo("admin");

		assertThat(this.admin.get("/api/admin/reports/" + id).json()).isEqualTo(created);
		assertThat(this.anonymous.get("/api/filters/" + id).json().get("filters").get(0).get("table").stringValue())
			.isEqualTo("Sales Channel");
	}

	@Test
	void replacesAndDeletesAReport() {
		JsonNode created = this.admin.post("/api/admin/reports", DOCUMENT.formatted(json(IFRAME))).json();
		long id = created.get("report_id").longValue();
		String edited = created.toString().replace("\"Online\",\"Retail\"", "\"Online\",\"Retail\",\"Partner\"");

		Http.Response replaced = this.admin.put("/api/admin/reports/" + id, edited);

		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.json().get("filters").get(0).get("allowed_values").toString())
			.isEqualTo("[\"Online\",\"Retail\",\"Partner\"]");
		assertThat(replaced.json().get("version").longValue()).isEqualTo(2);

		Http.Response stale = this.admin.put("/api/admin/reports/" + id, edited);
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().get("detail").stringValue()).contains("saved by someone else");

		assertThat(this.admin.delete("/api/admin/reports/" + id).status()).isEqualTo(204);
		assertThat(this.admin.get("/api/admin/reports/" + id).status()).isEqualTo(404);
		assertThat(this.admin.delete("/api/admin/reports/" + id).status()).isEqualTo(404);
		assertThat(this.admin.put("/api/admin/reports/" + id, edited).status()).isEqualTo(404);
	}

	@Test
	void listsEveryReportForAdmins() {
		String disabled = DOCUMENT.formatted(json(IFRAME))
			.replace("\"enabled\": true", "\"enabled\": false")
			.replace("Regional sales", "Hidden report");
		long id = this.admin.post("/api/admin/reports", disabled).json().get("report_id").longValue();

		JsonNode reports = this.admin.get("/api/admin/reports").json().get("reports");

		assertThat(reports.valueStream().map((r) -> r.get("report_id").longValue())).contains(id);
		assertThat(this.anonymous.get("/api/reports")
			.json()
			.get("reports")
			.valueStream()
			.map((r) -> r.get("report_id").longValue())).doesNotContain(id);
	}

	@Test
	void reportsEveryProblemOfAnInvalidDocumentAndWritesNothing() {
		long before = reports();
		String invalid = """
				{"title": "", "embed_url": "javascript:alert(1)", "render_mode": "magic", "colour": "red",
				 "pages": [{"name": "A", "width": 50}, {"name": "A"}],
				 "filters": [{"label": "Year", "table": "Calendar", "column": "year", "type": "integer",
				              "allowed_values": [2023, "soon", 2023], "default": 2030},
				             {"label": "Region", "table": "INFO", "column": "year", "type": "colour",
				              "allowed_values": ["x"]}],
				 "timeout_ms": 5}""";

		Http.Response response = this.admin.post("/api/admin/reports", invalid);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		List<String> fields = response.json()
			.get("errors")
			.valueStream()
			.map((e) -> e.get("field").stringValue())
			.toList();
		assertThat(fields).containsExactlyInAnyOrder("title", "embed_url", "render_mode", "colour", "pages[0].width",
				"pages[1].name", "filters[0].allowed_values[1]", "filters[0].allowed_values[2]", "filters[0].default",
				"filters[1].table", "filters[1].column", "filters[1].type", "timeout_ms");
		JsonNode defaultError = response.json()
			.get("errors")
			.valueStream()
			.filter((e) -> e.get("field").stringValue().equals("filters[0].default"))
			.findFirst()
			.orElseThrow();
		assertThat(defaultError.get("allowed_values").toString()).isEqualTo("[2023]");
		assertThat(response.body()).doesNotContain("Exception", "org.pbiexport", "SQL");
		assertThat(reports()).isEqualTo(before);
	}

	@Test
	void refusesFiltersOnPublishToWebReports() {
		String publicReport = DOCUMENT.formatted(json(
				"https://app.powerbi.com/view?r=eyJrIjoiNmI2NjNiYTMtODQ3NC00ZjQ4LWI0NjUtYjE3NWFkZjUxYTI0IiwidCI6IjcyZjk4OGJmLTg2ZjEtNDFhZi05MWFiLTJkN2NkMDExZGI0NyJ9"));

		Http.Response response = this.admin.post("/api/admin/reports", publicReport);

		assertThat(response.status()).isEqualTo(400);
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").stringValue()).isEqualTo("filters");
		assertThat(error.get("message").stringValue()).contains("publish-to-web");
	}

	@Test
	void refusesHostsThatAreNotAllowed() {
		Http.Response response = this.admin.post("/api/admin/reports",
				DOCUMENT.formatted(json("https://reports.evil.example.com/reportEmbed?reportId=1")));

		assertThat(response.status()).isEqualTo(400);
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").stringValue()).isEqualTo("embed_url");
		assertThat(error.get("message").stringValue()).contains("reports.evil.example.com")
			.contains("pbi-export.render.allowed-hosts");
	}

	@Test
	void onlyAdminsMayUseIt() {
		this.users.createIfAbsent("editor1", "editor-pw", UserAccounts.Role.EDITOR);

		Http.Response anonymous = this.anonymous.get("/api/admin/reports");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.contentType()).isEqualTo("application/problem+json");
		assertThat(anonymous.header("WWW-Authenticate")).hasValueSatisfying((v) -> assertThat(v).startsWith("Basic"));
		assertThat(this.anonymous.as("admin", "wrong").get("/api/admin/reports").status()).isEqualTo(401);
		Http.Response editor = this.anonymous.as("editor1", "editor-pw")
			.post("/api/admin/reports", DOCUMENT.formatted(json(IFRAME)));
		assertThat(editor.status()).isEqualTo(403);
		assertThat(editor.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void acceptsOnlyJsonBodies() {
		Http.Response form = this.admin.send("POST", "/api/admin/reports", "application/x-www-form-urlencoded",
				"title=x");
		assertThat(form.status()).isEqualTo(415);
		assertThat(form.contentType()).isEqualTo("application/problem+json");

		Http.Response broken = this.admin.post("/api/admin/reports", "{\"title\": ");
		assertThat(broken.status()).isEqualTo(400);
		assertThat(broken.contentType()).isEqualTo("application/problem+json");
		assertThat(broken.body()).doesNotContain("Exception", "tools.jackson");
	}

	@Test
	void oneFilePerAndWarmSessionsAreStoredAndOneFilePerIsPublic() {
		JsonNode plain = this.admin.post("/api/admin/reports", DOCUMENT.formatted(json(IFRAME))).json();
		assertThat(plain.get("one_file_per").toString()).isEqualTo("[]");
		assertThat(plain.get("warm_sessions").booleanValue()).isTrue();

		String document = DOCUMENT.formatted(json(IFRAME))
			.replaceFirst("\\{", "{\"one_file_per\": [\"year\", \"channel\"], \"warm_sessions\": false, ");
		Http.Response created = this.admin.post("/api/admin/reports", document);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("report_id").longValue();
		assertThat(created.json().get("one_file_per").toString()).isEqualTo("[\"year\",\"channel\"]");
		assertThat(created.json().get("warm_sessions").booleanValue()).isFalse();
		assertThat(this.admin.get("/api/admin/reports/" + id).json()).isEqualTo(created.json());
		JsonNode filters = this.anonymous.get("/api/filters/" + id).json();
		assertThat(filters.get("one_file_per").toString()).isEqualTo("[\"year\",\"channel\"]");
		assertThat(filters.has("warm_sessions")).as("an admin setting").isFalse();

		String wrong = DOCUMENT.formatted(json(IFRAME))
			.replaceFirst("\\{", "{\"one_file_per\": \"year\", \"warm_sessions\": \"no\", ");
		Http.Response refused = this.admin.put("/api/admin/reports/" + id, wrong);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").valueStream().map((e) -> e.get("field").stringValue()))
			.containsExactlyInAnyOrder("one_file_per", "warm_sessions");
		String listed = DOCUMENT.formatted(json(IFRAME)).replaceFirst("\\{", "{\"one_file_per\": [\"year\", 7], ");
		assertThat(this.admin.put("/api/admin/reports/" + id, listed)
			.json()
			.get("errors")
			.valueStream()
			.map((e) -> e.get("field").stringValue() + ": " + e.get("message").stringValue()))
			.containsExactly("one_file_per[1]: must be the column of one of the report's filters, as text");
	}

	@Test
	void passwordsAreStoredHashed() {
		String hash = this.jdbc.sql("SELECT password_hash FROM users WHERE username = 'admin'")
			.query(String.class)
			.single();
		assertThat(hash).startsWith("{bcrypt}").doesNotContain("test-admin-pw");
	}

	private long reports() {
		return this.jdbc.sql("SELECT COUNT(*) FROM reports").query(Long.class).single();
	}

	/** The text as a JSON string literal. */
	static String json(String text) {
		return JsonNodeFactory.instance.stringNode(text).toString();
	}

}
