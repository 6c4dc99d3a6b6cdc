package org.pbiexport.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.dates;
import static org.pbiexport.testsupport.Reports.regions;
import static org.pbiexport.testsupport.Reports.year;

/**
 * The published OpenAPI document describes docs/contract.md, and real responses match it:
 * each response is validated against its operation's schema with every documented field
 * required and no undocumented field allowed.
 */
class OpenApiContractTest extends SqliteApp {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	Http http;

	JsonNode api;

	static Report report;

	@BeforeEach
	void load() {
		this.http = new Http(this.port);
		this.api = this.http.get("/v3/api-docs").json();
		if (report == null) {
			report = this.catalog.create(aReport().withPage("Overview")
				.withFilter(year(2022L, 2023L))
				.withFilter(regions("North", "South"))
				.withFilter(dates(LocalDate.of(2023, 1, 31)))
				.build(), "test");
		}
	}

	@Test
	void describesEveryPathOfTheContract() {
		assertThat(this.api.get("openapi").stringValue()).startsWith("3.");
		assertThat(this.api.get("paths").propertyNames()).contains("/api/reports", "/api/pages/{report_id}",
				"/api/filters/{report_id}", "/api/export", "/export", "/api/exports", "/api/exports/{job_id}",
				"/api/exports/{job_id}/file", "/api/admin/reports", "/api/admin/reports/{report_id}");
		JsonNode admin = this.api.get("paths").get("/api/admin/reports/{report_id}");
		assertThat(admin.propertyNames()).contains("get", "put", "delete");
		assertThat(this.api.get("paths").get("/api/admin/reports").propertyNames()).contains("get", "post");
		assertThat(this.api.get("paths").get("/api/export").propertyNames()).contains("get", "post");
	}

	@Test
	void catalogueResponsesMatchTheirSchemas() {
		assertMatches("/api/reports", "get", "/api/reports");
		assertMatches("/api/pages/{report_id}", "get", "/api/pages/" + report.id());
		assertMatches("/api/filters/{report_id}", "get", "/api/filters/" + report.id());
	}

	@Test
	void adminResponsesMatchTheirSchemas() {
		Http admin = this.http.as("admin", "test-admin-pw");
		assertMatches(admin, "/api/admin/reports", "get", "/api/admin/reports", "200");
		assertMatches(admin, "/api/admin/reports/{report_id}", "get", "/api/admin/reports/" + report.id(), "200");
	}

	/**
	 * Bodies read as JSON trees (for the contract's field-named 400s) are still described
	 * by their documents, so that generated clients get models rather than "any JSON".
	 */
	@Test
	void everyJsonBodyHasATypedSchema() {
		assertThat(this.api.get("components").get("schemas").has("JsonNode")).isFalse();
		assertThat(bodySchema("/api/admin/reports", "post")).isEqualTo("#/components/schemas/ReportInput");
		assertThat(bodySchema("/api/admin/reports/{report_id}", "put")).isEqualTo("#/components/schemas/ReportInput");
		assertThat(bodySchema("/api/admin/credentials", "post")).isEqualTo("#/components/schemas/CredentialInput");
		assertThat(bodySchema("/api/admin/schedules", "post")).isEqualTo("#/components/schemas/ScheduleInput");
		assertThat(bodySchema("/api/export", "post")).isEqualTo("#/components/schemas/ExportRequest");
		assertThat(bodySchema("/api/exports", "post")).isEqualTo("#/components/schemas/ExportRequest");
		JsonNode input = this.api.get("components").get("schemas").get("ReportInput");
		assertThat(input.get("required").toString()).contains("\"title\"", "\"pages\"");
		assertThat(input.get("properties").get("render_mode").get("enum").toString())
			.isEqualTo("[\"url\",\"embedded\",\"export_api\"]");
		assertThat(input.get("properties").propertyNames()).contains("one_file_per", "warm_sessions");
	}

	@Test
	void registeringAReportAnswersTheDocumented201() {
		JsonNode responses = this.api.get("paths").get("/api/admin/reports").get("post").get("responses");
		assertThat(responses.propertyNames()).contains("201").doesNotContain("200");

		Http.Response created = this.http.as("admin", "test-admin-pw")
			.post("/api/admin/reports", "{\"title\": \"Typed\", \"embed_url\": \"/demo/report\", "
					+ "\"pages\": [{\"name\": \"ReportSection1\"}]}");

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode schema = responses.get("201").get("content").get("application/json").get("schema");
		assertThat(strict(schema, true).validate(created.json())).as(created.body()).isEmpty();
	}

	private String bodySchema(String path, String method) {
		return this.api.get("paths")
			.get(path)
			.get(method)
			.get("requestBody")
			.get("content")
			.get("application/json")
			.get("schema")
			.get("$ref")
			.stringValue();
	}

	@Test
	void queueingAnExportAnswersTheDocumented202() {
		JsonNode responses = this.api.get("paths").get("/api/exports").get("post").get("responses");
		assertThat(responses.propertyNames()).contains("202").doesNotContain("200");

		Http.Response queued = this.http.post("/api/exports",
				"{\"report_id\": " + report.id() + ", \"filters\": {\"date\": \"2023-01-31\"}}");

		assertThat(queued.status()).as(queued.body()).isEqualTo(202);
		assertThat(queued.header("Location")).hasValue(queued.json().get("status_url").stringValue());
		JsonNode schema = responses.get("202").get("content").get("application/json").get("schema");
		List<Error> errors = strict(schema, true).validate(queued.json());
		assertThat(errors).as("%s against %s", queued.body(), schema).isEmpty();
	}

	/**
	 * Descriptions are CommonMark: a bare {@code <key>} would be taken for an HTML tag
	 * and not shown, so placeholders are written in code spans.
	 */
	@Test
	void placeholdersInDescriptionsAreShown() {
		assertThat(this.api.get("info").get("description").stringValue()).contains("`Authorization: Bearer <key>`",
				"`X-API-Key: <key>`");
		List<String> bare = new ArrayList<>();
		collectDescriptions(this.api, bare);
		assertThat(bare).isNotEmpty();
		assertThat(bare)
			.allSatisfy((text) -> assertThat(text.replaceAll("`[^`]*`", "")).doesNotContainPattern("<[A-Za-z/]"));
	}

	private static void collectDescriptions(JsonNode node, List<String> into) {
		if (node.isObject()) {
			for (String field : node.propertyNames()) {
				JsonNode value = node.get(field);
				if (("description".equals(field) || "summary".equals(field)) && value.isString()) {
					into.add(value.stringValue());
				}
				collectDescriptions(value, into);
			}
		}
		else if (node.isArray()) {
			node.forEach((item) -> collectDescriptions(item, into));
		}
	}

	@Test
	void problemResponsesMatchTheProblemSchema() {
		Http.Response missing = this.http.get("/api/filters/999999");
		Http.Response invalid = this.http.get("/api/pages/abc");

		for (Http.Response response : List.of(missing, invalid)) {
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			List<Error> errors = strict(this.api.get("components").get("schemas").get("Problem"), false)
				.validate(response.json());
			assertThat(errors).as(response.body()).isEmpty();
		}
	}

	private void assertMatches(String path, String method, String url) {
		assertMatches(this.http, path, method, url, "200");
	}

	private void assertMatches(Http client, String path, String method, String url, String status) {
		Http.Response response = client.get(url);
		assertThat(response.status()).as(url).isEqualTo(Integer.parseInt(status));
		JsonNode schema = this.api.get("paths")
			.get(path)
			.get(method)
			.get("responses")
			.get(status)
			.get("content")
			.get("application/json")
			.get("schema");
		List<Error> errors = strict(schema, true).validate(response.json());
		assertThat(errors).as("%s against %s", response.body(), schema).isEmpty();
	}

	/**
	 * The schema with its references inlined; objects list every documented property as
	 * required (when {@code allRequired}) and allow no other.
	 */
	private Schema strict(JsonNode schema, boolean allRequired) {
		JsonNode inlined = inline(schema, allRequired, new ArrayList<>());
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(inlined.toString());
	}

	private JsonNode inline(JsonNode node, boolean allRequired, List<String> seen) {
		if (node.isArray()) {
			ArrayNode copy = JsonNodeFactory.instance.arrayNode();
			node.forEach((item) -> copy.add(inline(item, allRequired, seen)));
			return copy;
		}
		if (!node.isObject()) {
			return node;
		}
		if (node.has("$ref")) {
			String name = node.get("$ref").stringValue().replace("#/components/schemas/", "");
			assertThat(seen).as("recursive schema").doesNotContain(name);
			List<String> deeper = new ArrayList<>(seen);
			deeper.add(name);
			return inline(this.api.get("components").get("schemas").get(name), allRequired, deeper);
		}
		ObjectNode copy = JsonNodeFactory.instance.objectNode();
		for (String field : node.propertyNames()) {
			copy.set(field, inline(node.get(field), allRequired, seen));
		}
		if (node.has("properties")) {
			copy.put("additionalProperties", false);
			if (allRequired) {
				ArrayNode required = copy.putArray("required");
				Set<String> names = Set.copyOf(node.get("properties").propertyNames());
				names.forEach(required::add);
			}
		}
		return copy;
	}

}
