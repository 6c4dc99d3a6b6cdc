package org.pbiexport.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.Reports;
import org.pbiexport.testsupport.RunningApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every way a report or its filters come in (the admin API, the admin form, a filter file
 * and a data extract) meets the catalogue's one set of rules: a report that breaks one
 * gets the same words from each, and nothing of it is stored, on every supported
 * database. Each subclass runs it against one database, in the application that every
 * test of that database shares ({@link RunningApp}).
 */
abstract class CatalogRulesContract extends RunningApp {

	static final RequestPostProcessor ADMIN = user("rules-admin").roles("ADMIN");

	static final String EMBED_URL = "https://app.powerbi.com/reportEmbed?reportId=1f2e3d4c-0000-4000-8000-000000000001"
			+ "&autoAuth=true&ctid=9a8b7c6d-0000-4000-8000-000000000002";

	static final String LONG_NAME = "n".repeat(201);

	static final String LONG_VALUE = "v".repeat(1001);

	static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	Catalog catalog;

	Report report;

	@BeforeEach
	void aReportToImportInto() {
		this.report = this.catalog.create(aReport().titled("Rules " + System.nanoTime()).build(), "setup");
	}

	@Test
	void aTitleTooLong() throws Exception {
		Breach breach = new Breach("title", "must be at most 200 characters, got 201");
		breach.api((document) -> document.put("title", "t".repeat(201)));
		breach.form((form) -> form.put("title", "t".repeat(201)));
	}

	@Test
	void aPageOutsideTheSizes() throws Exception {
		Breach breach = new Breach("pages[0].width", "must be a whole number from 100 to 10000, got 50");
		breach.api((document) -> page(document).put("width", 50));
		breach.form((form) -> form.put("pages[0].width", "50"));
		Breach tall = new Breach("pages[0].height", "must be a whole number from 100 to 10000, got 10001");
		tall.api((document) -> page(document).put("height", 10_001));
		tall.form((form) -> form.put("pages[0].height", "10001"));
	}

	@Test
	void twoFiltersOfOneColumn() throws Exception {
		Breach breach = new Breach("filters[1].column",
				"'region' is already the column of another filter; a column may have one filter per report");
		breach.api((document) -> filters(document).add(new LinkedHashMap<>(filter(document))));
		breach.form(CatalogRulesContract::aSecondFilterLikeTheFirst);
	}

	@Test
	void aLabelTooLong() throws Exception {
		Breach breach = new Breach("filters[0].label", "must be at most 200 characters, got 201");
		breach.api((document) -> filter(document).put("label", LONG_NAME));
		breach.form((form) -> form.put("filters[0].label", LONG_NAME));
		breach.file("filter_label,column_name,table_name,allowed_values\n" + LONG_NAME + ",region,Geo,North\n",
				"filter_label");
		breach.extract(LONG_NAME + "\nNorth\n", LONG_NAME, "Geo", LONG_NAME);
	}

	@Test
	void aTextValueTooLong() throws Exception {
		Breach breach = new Breach("filters[0].allowed_values[1]", "must be at most 1000 characters");
		breach.api((document) -> filter(document).put("allowed_values", List.of("North", LONG_VALUE)));
		breach.form((form) -> form.put("filters[0].allowedValues", "North\n" + LONG_VALUE));
		breach.file("filter_label,column_name,table_name,allowed_values\nRegion,region,Geo,North|" + LONG_VALUE + "\n",
				"allowed_values");
		breach.extract("Region\nNorth\n" + LONG_VALUE + "\n", "Region", "Geo", "Region");
	}

	@Test
	void aDefaultThatIsNotAllowed() throws Exception {
		Breach breach = new Breach("filters[0].default", "must be one of the allowed values, got \"West\"");
		breach.api((document) -> filter(document).put("default", "West"));
		breach.form((form) -> form.put("filters[0].defaults", "West"));
		breach.file("filter_label,column_name,table_name,allowed_values,default\nRegion,region,Geo,North|South,West\n",
				"default");
	}

	@Test
	void severalDefaultsOfASingleFilter() throws Exception {
		Breach breach = new Breach("filters[0].default", "must be one value, as the filter is not multiple");
		breach.api((document) -> filter(document).put("default", List.of("North", "South")));
		breach.file(
				"filter_label,column_name,table_name,allowed_values,default\nRegion,region,Geo,North|South,North|South\n",
				"default");
	}

	@Test
	void aBooleanFilterThatIsNotAllowed() throws Exception {
		Breach breach = new Breach("filters[0].type", "boolean filters are not documented for Power BI URL filters; "
				+ "set allow_boolean_url_filters to true to use them anyway");
		breach.api((document) -> {
			filter(document).put("type", "boolean");
			filter(document).put("allowed_values", List.of(true, false));
			filter(document).put("default", true);
		});
		breach.form((form) -> {
			form.put("filters[0].type", "boolean");
			form.put("filters[0].allowedValues", "true\nfalse");
			form.put("filters[0].defaults", "true");
		});
		breach.file("filter_label,column_name,table_name,type,allowed_values\nOnline,online,Sales,boolean,yes|no\n",
				"type");
		breach.extract("Online\ntrue\nfalse\n", "Online", "Sales", "Online");
	}

	@Test
	void aTableThatPowerBiCannotFilter() throws Exception {
		Breach breach = new Breach("filters[0].table", "Power BI cannot filter tables whose name starts with INF");
		breach.api((document) -> filter(document).put("table", "INFO"));
		breach.form((form) -> form.put("filters[0].table", "INFO"));
		breach.file("filter_label,column_name,table_name,allowed_values\nRegion,region,INFO,North\n", "table_name");
		breach.extract("Region\nNorth\n", "Region", "INFO", "table");
	}

	@Test
	void oneFilePerAColumnThatIsNoFilter() throws Exception {
		Breach breach = new Breach("one_file_per[0]",
				"'nowhere' is not a filter column of this report; its filter columns are region");
		breach.api((document) -> document.put("one_file_per", List.of("nowhere")));
		Breach twice = new Breach("one_file_per[1]", "'region' is listed twice");
		twice.api((document) -> document.put("one_file_per", List.of("region", "region")));
		// The form has a checkbox per filter: two filters of one column, both ticked.
		twice.form((form) -> {
			form.put("filters[0].oneFilePer", "true");
			aSecondFilterLikeTheFirst(form);
		});
	}

	@Test
	void anEditOrImportThatRemovesAFilterDropsItFromOneFilePer() throws Exception {
		Map<String, Object> document = validDocument();
		document.put("one_file_per", List.of("region"));
		document.put("warm_sessions", false);
		JsonNode created = new Breach("", "").send(post("/api/admin/reports"), document, 201);
		assertThat(created.get("one_file_per").get(0).stringValue()).isEqualTo("region");
		assertThat(created.get("warm_sessions").booleanValue()).isFalse();
		long id = created.get("report_id").longValue();
		document.put("filters", List.of());
		JsonNode edited = new Breach("", "").send(
				org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/admin/reports/" + id),
				document, 200);
		assertThat(edited.get("one_file_per").size()).isZero();

		this.catalog.update(this.report.id(),
				aReport().withFilter(Reports.regions("North")).with(new ReportOptions(List.of("region"), true)).build(),
				null, "setup");
		String csv = "filter_label,column_name,table_name,allowed_values\nYear,year,Calendar,2024\n";
		MvcResult result = this.mvc
			.perform(multipart("/api/admin/reports/" + this.report.id() + "/filters/import")
				.file(new MockMultipartFile("file", "f.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
				.param("mode", "replace")
				.with(ADMIN)
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
		Report after = this.catalog.find(this.report.id()).orElseThrow();
		assertThat(after.filters()).extracting(Filter::column).containsExactly("year");
		assertThat(after.oneFilePer()).isEmpty();
	}

	@Test
	void theFormTicksOneFilePerPerFilterAndWarmSessions() throws Exception {
		String title = "Form options " + System.nanoTime();
		Map<String, String> fields = validForm();
		fields.put("title", title);
		fields.put("filters[0].oneFilePer", "true");
		fields.put("_filters[0].oneFilePer", "on");
		fields.put("_warmSessions", "on");
		MockHttpServletRequestBuilder request = post("/admin/reports/new").with(ADMIN).with(csrf());
		fields.forEach(request::param);
		MvcResult saved = this.mvc.perform(request).andReturn();
		assertThat(saved.getResponse().getStatus()).as(saved.getResponse().getContentAsString()).isEqualTo(302);
		Report report = this.catalog.find(new ReportId(Reports.idOf(this.catalog, title))).orElseThrow();
		assertThat(report.oneFilePer()).containsExactly("region");
		assertThat(report.warmSessions()).isFalse();
		String form = this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.get("/admin/reports/" + report.id())
				.with(ADMIN))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(input(form, "filters0.oneFilePer1")).contains("checked");
		assertThat(input(form, "warmSessions1")).doesNotContain("checked");
		assertThat(form).contains("People may ask for one file per value", "Keep a warm report session");
	}

	/** The {@code <input>} tag of the id in a page. */
	private static String input(String html, String id) {
		java.util.regex.Matcher tag = java.util.regex.Pattern
			.compile("<input[^>]*id=\"" + java.util.regex.Pattern.quote(id) + "\"[^>]*>")
			.matcher(html);
		assertThat(tag.find()).as(id).isTrue();
		return tag.group();
	}

	/** A valid admin API document, to break one rule of. */
	static Map<String, Object> validDocument() {
		Map<String, Object> filter = new LinkedHashMap<>(Map.of("label", "Region", "table", "Geo", "column", "region",
				"type", "text", "allowed_values", List.of("North", "South"), "default", "North"));
		Map<String, Object> page = new LinkedHashMap<>(Map.of("name", "P1", "width", 1280, "height", 720));
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("title", "Rules");
		document.put("render_mode", "url");
		document.put("embed_url", EMBED_URL);
		document.put("pages", new ArrayList<>(List.of(page)));
		document.put("filters", new ArrayList<>(List.of(filter)));
		return document;
	}

	/** A valid report form, as the admin pages post it, to break one rule of. */
	static Map<String, String> validForm() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("title", "Rules");
		form.put("renderMode", "url");
		form.put("embedUrl", EMBED_URL);
		form.put("enabled", "true");
		form.put("pages[0].name", "P1");
		form.put("pages[0].width", "1280");
		form.put("pages[0].height", "720");
		form.put("filters[0].label", "Region");
		form.put("filters[0].table", "Geo");
		form.put("filters[0].column", "region");
		form.put("filters[0].type", "text");
		form.put("filters[0].allowedValues", "North\nSouth");
		form.put("filters[0].defaults", "North");
		return form;
	}

	/** Copies the form's first filter row into a second one. */
	static void aSecondFilterLikeTheFirst(Map<String, String> form) {
		Map<String, String> second = new LinkedHashMap<>();
		form.forEach((name, value) -> {
			if (name.startsWith("filters[0].")) {
				second.put(name.replace("filters[0].", "filters[1]."), value);
			}
		});
		form.putAll(second);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> page(Map<String, Object> document) {
		return ((List<Map<String, Object>>) document.get("pages")).get(0);
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> filters(Map<String, Object> document) {
		return (List<Map<String, Object>>) document.get("filters");
	}

	static Map<String, Object> filter(Map<String, Object> document) {
		return filters(document).get(0);
	}

	/**
	 * One rule broken: what the admin API says, which each other way in must say too, and
	 * that nothing was stored.
	 */
	final class Breach {

		private final String field;

		private final String message;

		Breach(String field, String message) {
			this.field = field;
			this.message = message;
		}

		void api(Consumer<Map<String, Object>> breaking) throws Exception {
			// The document is valid until broken.
			send(post("/api/admin/reports"), validDocument(), 201);
			Map<String, Object> document = validDocument();
			breaking.accept(document);
			int before = CatalogRulesContract.this.catalog.allReports().size();
			JsonNode created = send(post("/api/admin/reports"), document, 400);
			assertThat(errors(created)).as("POST").contains(this.field + ": " + this.message);
			JsonNode replaced = send(put(), document, 400);
			assertThat(errors(replaced)).as("PUT").contains(this.field + ": " + this.message);
			assertThat(CatalogRulesContract.this.catalog.allReports()).hasSize(before);
			unchanged();
		}

		void form(Consumer<Map<String, String>> breaking) throws Exception {
			Map<String, String> form = validForm();
			breaking.accept(form);
			int before = CatalogRulesContract.this.catalog.allReports().size();
			MockHttpServletRequestBuilder request = post("/admin/reports/new").with(ADMIN).with(csrf());
			form.forEach(request::param);
			MvcResult result = CatalogRulesContract.this.mvc.perform(request).andReturn();
			assertThat(result.getResponse().getStatus()).as("the form comes back").isEqualTo(200);
			assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
				.contains("to fix before this can be saved")
				.contains(HtmlUtils.htmlEscape(this.message));
			assertThat(CatalogRulesContract.this.catalog.allReports()).hasSize(before);
		}

		/** A filter file whose error is in the column {@code header}. */
		void file(String csv, String header) throws Exception {
			JsonNode preview = upload("/filters/import", csv, Map.of("mode", "merge"));
			assertThat(preview.get("errors")
				.valueStream()
				.map((error) -> error.get("column").stringValue() + ": " + error.get("message").stringValue()))
				.contains(header + ": " + this.message);
			MvcResult failed = CatalogRulesContract.this.mvc
				.perform(multipart(
						"/api/admin/reports/" + CatalogRulesContract.this.report.id() + "/filters/import/failed-rows")
					.file(new MockMultipartFile("file", "rules.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
					.param("format", "csv")
					.with(ADMIN)
					.with(csrf()))
				.andReturn();
			assertThat(failed.getResponse().getContentAsString(StandardCharsets.UTF_8)).as("the failed rows")
				.contains(this.message.replace("\"", "\"\""));
			unchanged();
		}

		/** A data extract whose {@code column}, on {@code table}, breaks the rule. */
		void extract(String csv, String column, String table, String header) throws Exception {
			JsonNode preview = upload("/filters/extract", csv, Map.of("columns", column, "table", table));
			assertThat(preview.get("errors")
				.valueStream()
				.map((error) -> error.get("column").stringValue() + ": " + error.get("message").stringValue()))
				.contains(header + ": " + this.message);
			unchanged();
		}

		private JsonNode upload(String path, String csv, Map<String, String> params) throws Exception {
			MockMultipartHttpServletRequestBuilder request = multipart(
					"/api/admin/reports/" + CatalogRulesContract.this.report.id() + path);
			request.file(new MockMultipartFile("file", "rules.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
			params.forEach(request::param);
			MvcResult result = CatalogRulesContract.this.mvc.perform(request.with(ADMIN).with(csrf())).andReturn();
			assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
			JsonNode preview = json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
			assertThat(preview.get("applied").booleanValue()).isFalse();
			return preview;
		}

		private MockHttpServletRequestBuilder put() {
			return org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.put("/api/admin/reports/" + CatalogRulesContract.this.report.id());
		}

		private JsonNode send(MockHttpServletRequestBuilder request, Map<String, Object> document, int status)
				throws Exception {
			MvcResult result = CatalogRulesContract.this.mvc
				.perform(request.with(ADMIN)
					.with(csrf())
					.contentType(MediaType.APPLICATION_JSON)
					.content(json.writeValueAsString(document)))
				.andReturn();
			String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
			assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
			return json.readTree(body);
		}

		private List<String> errors(JsonNode problem) {
			return problem.get("errors")
				.valueStream()
				.map((error) -> error.get("field").stringValue() + ": " + error.get("message").stringValue())
				.toList();
		}

		private void unchanged() {
			assertThat(CatalogRulesContract.this.catalog.find(CatalogRulesContract.this.report.id()))
				.hasValue(CatalogRulesContract.this.report);
		}

	}

}
