package org.pbiexport.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.DemoApp;
import org.pbiexport.testsupport.Http;

import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A field error names the query parameter the client sent: {@code filter.Year} for a
 * query, while {@code field} keeps the contract's {@code filters.Year} for both forms.
 */
class FieldParameterTest extends DemoApp {

	@LocalServerPort
	int port;

	Http http;

	long demo;

	@BeforeEach
	void demoReport() {
		this.http = new Http(this.port);
		for (JsonNode report : this.http.get("/api/reports").json().get("reports")) {
			if (report.get("title").stringValue().equals("Sales demo")) {
				this.demo = report.get("report_id").longValue();
			}
		}
		assertThat(this.demo).isPositive();
	}

	@Test
	void aQueryGetsTheParameterItSentBesideTheField() {
		Http.Response refused = this.http
			.get("/api/export?report_id=" + this.demo + "&filter.Year=2031&filter.Colour=red&format=png");

		assertThat(refused.status()).isEqualTo(400);
		JsonNode errors = refused.json().get("errors");
		assertThat(errors).hasSize(2);
		assertThat(errors.findValuesAsString("field")).containsExactlyInAnyOrder("filters.Year", "filters.Colour");
		assertThat(errors.findValuesAsString("parameter")).containsExactlyInAnyOrder("filter.Year", "filter.Colour");
		for (JsonNode error : errors) {
			assertThat(error.get("parameter").stringValue())
				.isEqualTo("filter." + error.get("field").stringValue().substring("filters.".length()));
		}
	}

	@Test
	void aJsonBodyKeepsItsFieldAndGetsNoParameter() {
		Http.Response refused = this.http.post("/api/export",
				"{\"report_id\": " + this.demo + ", \"format\": \"png\", \"filters\": {\"Year\": 2031}}");

		assertThat(refused.status()).isEqualTo(400);
		JsonNode error = refused.json().get("errors").get(0);
		assertThat(error.get("field").stringValue()).isEqualTo("filters.Year");
		assertThat(error.has("parameter")).isFalse();
	}

	@Test
	void fieldsNamedAlikeInBothFormsGetNoParameter() {
		Http.Response refused = this.http.get("/api/export?report_id=" + this.demo + "&format=gif");

		assertThat(refused.status()).isEqualTo(400);
		JsonNode error = refused.json().get("errors").get(0);
		assertThat(error.get("field").stringValue()).isEqualTo("format");
		assertThat(error.has("parameter")).isFalse();
	}

}
