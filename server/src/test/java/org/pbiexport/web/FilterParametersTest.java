package org.pbiexport.web;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.DemoApp;
import org.pbiexport.testsupport.Reports;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;

/**
 * Swagger UI's "Try it out" for {@code GET /api/export}: the OpenAPI document lists the
 * catalogue's {@code filter.<column>} parameters, read when the document is built, and a
 * request made from them the way Swagger UI makes it (the parameter's name as the query
 * key) exports the filtered report.
 */
class FilterParametersTest extends DemoApp {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Test
	void theDemoReportsFiltersAreParametersAndARequestBuiltFromThemExportsTheFilteredImage() {
		Http http = new Http(this.port);
		JsonNode get = http.get("/v3/api-docs").json().get("paths").get("/api/export").get("get");
		JsonNode year = parameter(get, "filter.Year");
		assertThat(year).as("filter.Year among " + get.get("parameters")).isNotNull();
		assertThat(year.get("in").stringValue()).isEqualTo("query");
		assertThat(year.path("required").asBoolean(false)).isFalse();
		assertThat(year.get("description").stringValue()).contains("Sales demo");
		assertThat(year.get("schema").get("type").stringValue()).isEqualTo("integer");
		List<String> years = new ArrayList<>();
		year.get("schema").get("enum").forEach((v) -> years.add(v.asString()));
		assertThat(years).contains("2022", "2023", "2024");
		JsonNode region = parameter(get, "filter.Region");
		assertThat(region.get("schema").get("type").stringValue()).isEqualTo("array");
		assertThat(region.get("explode").asBoolean()).isTrue();
		// the generic explanation stays
		assertThat(get.get("description").stringValue()).contains("`filter.<column>`", "POST /api/export");

		long demo = patientCopyOfTheDemo();
		try {
			exportsTheFilteredImage(http, get, demo);
		}
		finally {
			this.catalog.delete(new ReportId(demo), "test");
		}
	}

	private void exportsTheFilteredImage(Http http, JsonNode get, long demo) {
		HttpResponse<byte[]> first = http.download(tryItOut(get, Map.of("report_id", List.of(String.valueOf(demo)),
				"format", List.of("png"), "filter.Year", List.of("2022"), "filter.Region", List.of("North"))));
		HttpResponse<byte[]> second = http.download(tryItOut(get, Map.of("report_id", List.of(String.valueOf(demo)),
				"format", List.of("png"), "filter.Year", List.of("2024"), "filter.Region", List.of("North", "East"))));
		assertThat(first.statusCode()).as(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		assertThat(second.statusCode()).as(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		assertThat(first.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(first.body()).startsWith(0x89, 'P', 'N', 'G');
		// the filters were applied: other values, another picture
		assertThat(Arrays.equals(first.body(), second.body())).isFalse();
	}

	@Test
	void aReportRegisteredOrDisabledAfterTheDocumentWasFirstReadShowsAtOnce() {
		Http http = new Http(this.port);
		assertThat(http.get("/v3/api-docs").status()).isEqualTo(200);
		String column = "Quarter" + System.nanoTime();
		Report report = this.catalog.create(aReport().titled("Quarters <b>" + column)
			.withPage("Overview")
			.withFilter(new Filter("Quarter", "Calendar", column, FilterType.TEXT, false, false,
					List.of("Q1", "Q2", "Q3", "Q4"), List.of()))
			.build(), "test");

		JsonNode listed = parameter(exportGet(http), "filter." + column);
		assertThat(listed).isNotNull();
		assertThat(listed.get("description").stringValue()).contains("Quarters &lt;b>" + column,
				"report_id " + report.id().value());
		assertThat(listed.get("schema").get("enum").toString()).isEqualTo("[\"Q1\",\"Q2\",\"Q3\",\"Q4\"]");
		assertThat(
				parameter(http.get("/v3/api-docs").json().get("paths").get("/export").get("get"), "filter." + column))
			.isNotNull();

		this.catalog.update(report.id(), aReport().titled("Quarters " + column).disabled().withPage("Overview").build(),
				null, "test");
		assertThat(parameter(exportGet(http), "filter." + column)).as("a disabled report's filter").isNull();
		this.catalog.delete(report.id(), "test");
	}

	@Test
	void datesAndTimesAreListedAsTheTextsTheFiltersTake() {
		Http http = new Http(this.port);
		String suffix = String.valueOf(System.nanoTime());
		Report report = this.catalog.create(aReport().titled("Days and hours " + suffix)
			.withPage("Overview")
			.withFilter(new Filter("Day", "Calendar", "day" + suffix, FilterType.DATE, false, false,
					List.of(LocalDate.of(2023, 1, 31), LocalDate.of(2023, 2, 28)), List.of()))
			.withFilter(new Filter("Hour", "Calendar", "hour" + suffix, FilterType.DATETIME, false, false,
					List.of(LocalDateTime.of(2023, 1, 31, 8, 0), LocalDateTime.of(2023, 1, 31, 17, 30, 15)), List.of()))
			.build(), "test");
		try {
			JsonNode day = parameter(exportGet(http), "filter.day" + suffix).get("schema");
			assertThat(day.get("format").stringValue()).isEqualTo("date");
			assertThat(day.get("enum").toString()).isEqualTo("[\"2023-01-31\",\"2023-02-28\"]");
			JsonNode hour = parameter(exportGet(http), "filter.hour" + suffix).get("schema");
			assertThat(hour.get("type").stringValue()).isEqualTo("string");
			assertThat(hour.get("enum")).hasSize(2);
		}
		finally {
			this.catalog.delete(report.id(), "test");
		}
	}

	/**
	 * The demo report with a time budget that a busy machine meets, listed with the
	 * demo's filters.
	 */
	private long patientCopyOfTheDemo() {
		ReportDraft demo = this.catalog.find(new ReportId(Reports.idOf(this.catalog, "Sales demo")))
			.orElseThrow()
			.draft();
		return this.catalog
			.create(new ReportDraft("Sales demo, patient " + System.nanoTime(), "", demo.embedUrl(), demo.embedKind(),
					demo.renderMode(), new RenderSettings(null, null, 120_000, null, null, null, false), true,
					demo.pages(), demo.filters(), demo.powerbi(), demo.options()), "test")
			.id()
			.value();
	}

	private static JsonNode exportGet(Http http) {
		return http.get("/v3/api-docs").json().get("paths").get("/api/export").get("get");
	}

	private static JsonNode parameter(JsonNode operation, String name) {
		for (JsonNode parameter : operation.get("parameters")) {
			if (parameter.get("name").stringValue().equals(name)) {
				return parameter;
			}
		}
		return null;
	}

	/**
	 * The query Swagger UI sends: each documented query parameter with a value, under its
	 * name, repeated for an exploded array.
	 */
	private static String tryItOut(JsonNode operation, Map<String, List<String>> values) {
		StringJoiner query = new StringJoiner("&");
		List<String> sent = new ArrayList<>();
		for (JsonNode parameter : operation.get("parameters")) {
			String name = parameter.get("name").stringValue();
			List<String> given = values.get(name);
			if (given == null || !"query".equals(parameter.get("in").stringValue())) {
				continue;
			}
			assertThat(given.size() == 1 || parameter.get("schema").get("type").stringValue().equals("array"))
				.as(name + " takes several values")
				.isTrue();
			sent.add(name);
			given.forEach((v) -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(v, StandardCharsets.UTF_8)));
		}
		assertThat(sent).as("documented query parameters").containsExactlyInAnyOrderElementsOf(values.keySet());
		return "/api/export?" + query;
	}

}
