package org.pbiexport.catalog;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.dates;
import static org.pbiexport.testsupport.Reports.regions;
import static org.pbiexport.testsupport.Reports.year;

/**
 * The read API of docs/contract.md over real HTTP: shapes, order, types and problem
 * bodies.
 */
class ReadApiTest extends SqliteApp {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	Http http;

	static Report sales;

	static Report hidden;

	static Report aFirstReport;

	@BeforeEach
	void reports() {
		this.http = new Http(this.port);
		if (sales == null) {
			sales = this.catalog.create(aReport().titled("Sales Overview")
				.withPage("Overview")
				.withPage("Regions")
				.withFilter(year(2022L, 2023L))
				.withFilter(regions("North", "South"))
				.withFilter(dates(LocalDate.of(2023, 1, 31)))
				.build(), "test");
			aFirstReport = this.catalog.create(aReport().titled("a first report").build(), "test");
			hidden = this.catalog.create(aReport().titled("Hidden").disabled().build(), "test");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/reports", "/api/reports/" })
	void listsEnabledReportsByTitleInTheContractShape(String path) {
		Http.Response response = this.http.get(path);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		// other test classes share this database: look at this class's reports, in the
		// order the whole list gives them
		List<Long> ours = List.of(sales.id().value(), aFirstReport.id().value(), hidden.id().value());
		List<JsonNode> reports = response.json()
			.get("reports")
			.valueStream()
			.filter((report) -> ours.contains(report.get("report_id").longValue()))
			.toList();
		assertThat(titles(reports)).containsExactly("a first report", "Sales Overview");
		JsonNode first = reports.get(1);
		assertThat(first.propertyNames()).containsExactly("report_id", "title", "description", "page_count", "formats");
		assertThat(first.get("report_id").isIntegralNumber()).isTrue();
		assertThat(first.get("report_id").longValue()).isEqualTo(sales.id().value());
		assertThat(first.get("page_count").intValue()).isEqualTo(2);
		assertThat(first.get("formats").toString()).isEqualTo("[\"png\",\"pdf\",\"pptx\",\"zip\"]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/" })
	void listsPagesInOrder(String slash) {
		Http.Response response = this.http.get("/api/pages/" + sales.id() + slash);

		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("report_id").longValue()).isEqualTo(sales.id().value());
		assertThat(body.get("pages").toString()).isEqualTo("""
				[{"name":"ReportSection1","display_name":"Overview","order":1,"width":1280,"height":720},\
				{"name":"ReportSection2","display_name":"Regions","order":2,"width":1280,"height":720}]""");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/" })
	void listsFiltersWithTypedValues(String slash) {
		Http.Response response = this.http.get("/api/filters/" + sales.id() + slash);

		assertThat(response.status()).isEqualTo(200);
		JsonNode filters = response.json().get("filters");
		assertThat(filters.get(0).toString()).isEqualTo("""
				{"label":"Year","column":"year","table":"Calendar","type":"integer","multiple":false,\
				"required":false,"allowed_values":[2022,2023],"default":2023}""");
		assertThat(filters.get(1).toString()).isEqualTo("""
				{"label":"Region","column":"region","table":"Geography","type":"text","multiple":true,\
				"required":false,"allowed_values":["North","South"],"default":["North"]}""");
		assertThat(filters.get(2).toString()).isEqualTo("""
				{"label":"Date","column":"date","table":"Calendar","type":"date","multiple":false,\
				"required":true,"allowed_values":["2023-01-31"],"default":null}""");
	}

	@Test
	void unknownAndDisabledReportsAre404Problems() {
		for (String path : List.of("/api/pages/999999", "/api/filters/999999", "/api/filters/" + hidden.id(),
				"/api/pages/" + hidden.id() + "/")) {
			Http.Response response = this.http.get(path);

			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			JsonNode problem = response.json();
			assertThat(problem.get("status").intValue()).isEqualTo(404);
			assertThat(problem.get("type").stringValue()).isNotBlank();
			assertThat(problem.get("title").stringValue()).isEqualTo("Unknown report");
			assertThat(problem.get("detail").stringValue()).contains("no report with id");
			assertThat(problem.get("instance").stringValue()).isEqualTo(path.replaceAll("/$", ""));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "-1", "0", "1.5", "99999999999999999999999", "%27%20OR%201=1" })
	void badIdsAre400ProblemsNamingTheField(String id) {
		Http.Response response = this.http.get("/api/filters/" + id);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		JsonNode errors = response.json().get("errors");
		assertThat(errors.size()).isEqualTo(1);
		assertThat(errors.get(0).get("field").stringValue()).isEqualTo("report_id");
		assertThat(errors.get(0).get("message").stringValue()).contains("positive whole number");
		assertNoInternals(response.body());
	}

	@Test
	void unknownPathsAreProblemsToo() {
		// An unknown path is not found whoever asks; a known one still needs credentials.
		for (Http client : List.of(this.http, this.http.as("admin", "test-admin-pw"))) {
			Http.Response response = client.get("/api/nothing-here");

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			assertNoInternals(response.body());
		}
		assertThat(this.http.get("/api/admin/reports").status()).isEqualTo(401);
	}

	@Test
	void wrongMethodIsAProblem() {
		Http.Response response = this.http.delete("/api/reports");

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Allow")).hasValueSatisfying((allow) -> assertThat(allow).contains("GET"));
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertNoInternals(response.body());
	}

	static void assertNoInternals(String body) {
		assertThat(body).doesNotContainIgnoringCase("exception")
			.doesNotContain("org.pbiexport", "org.springframework", "java.", "SELECT ", "\tat ", "SQL");
	}

	private static List<String> titles(List<JsonNode> reports) {
		return reports.stream().map((report) -> report.get("title").stringValue()).toList();
	}

}
