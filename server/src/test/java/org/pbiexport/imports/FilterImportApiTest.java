package org.pbiexport.imports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.HistoryEntry;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportHistory;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.year;

/**
 * The admin API for filter files over real HTTP: preview, apply, export, round trip,
 * junk.
 */
class FilterImportApiTest extends SqliteApp {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Autowired
	ReportHistory history;

	Report report;

	@BeforeEach
	void report() {
		this.report = this.catalog.create(aReport().titled("Imports " + UUID.randomUUID())
			.withFilter(year(2022L, 2023L))
			.withFilter(new Filter("Owner", "Store", "owner", FilterType.TEXT, true, false,
					List.of("O'Brien", "=cmd|' /C calc'!A0", "a, b", "+49 30 1234"), List.of("O'Brien")))
			.withFilter(new Filter("Price", "Product", "price", FilterType.DECIMAL, false, false,
					List.of(new BigDecimal("5.50"), new BigDecimal("10")), List.of()))
			.withFilter(new Filter("Formula", "Sheet", "formula", FilterType.TEXT, true, false,
					List.of("=SUM(A1:A9)", "@risk", "-1+2"), List.of("=SUM(A1:A9)")))
			.build(), "test");
	}

	@Test
	void theHistoryNamesTheAdminWhoImported() throws Exception {
		upload("european-semicolon-bom.csv", "mode=merge");

		assertThat(this.history.ofReport(this.report.id(), 0, 10)).filteredOn((e) -> e.action().equals("updated"))
			.extracting(HistoryEntry::actor)
			.containsExactly("admin");
	}

	@Test
	void aPreviewWritesNothingAndApplyingWritesAll() throws Exception {
		JsonNode preview = upload("european-semicolon-bom.csv", "mode=merge&dry_run=true");

		assertThat(preview.get("applied").booleanValue()).isFalse();
		assertThat(preview.get("rows").intValue()).isEqualTo(2);
		assertThat(preview.get("created").valueStream().map((f) -> f.get("column").stringValue()))
			.containsExactly("city", "month");
		assertThat(preview.get("unchanged").size() + preview.get("updated").size()).isZero();
		assertThat(this.catalog.find(this.report.id()).orElseThrow().filters()).hasSize(4);

		JsonNode applied = upload("european-semicolon-bom.csv", "mode=merge");

		assertThat(applied.get("applied").booleanValue()).isTrue();
		assertThat(this.catalog.find(this.report.id()).orElseThrow().filters()).extracting(Filter::column)
			.containsExactly("year", "owner", "price", "formula", "city", "month");
	}

	@Test
	void replaceShowsOldAndNewAndDeletions() throws Exception {
		JsonNode preview = upload("pandas-one-row-per-value.xlsx", "mode=replace&dry_run=true");

		JsonNode change = preview.get("updated").get(0);
		assertThat(change.get("column").stringValue()).isEqualTo("year");
		assertThat(change.get("changes").get("default").toString()).isEqualTo("{\"old\":2023,\"new\":null}");
		assertThat(preview.get("deleted").valueStream().map((f) -> f.get("column").stringValue()))
			.containsExactly("owner", "price", "formula");
		assertThat(preview.get("created").valueStream().map((f) -> f.get("column").stringValue()))
			.containsExactly("region");
	}

	@Test
	void aChangedFilterListsTheValuesItGainsAndLoses() throws Exception {
		String csv = "filter_label;column_name;table_name;type;allowed_values;default;multiple\n"
				+ "Year;year;Calendar;integer;2023|2026;2026;no\n";

		JsonNode preview = upload("years.csv", csv.getBytes(StandardCharsets.UTF_8), "mode=merge&dry_run=true");

		JsonNode changes = preview.get("updated").get(0).get("changes");
		JsonNode allowed = changes.get("allowed_values");
		assertThat(allowed.get("added").toString()).isEqualTo("[2026]");
		assertThat(allowed.get("removed").toString()).isEqualTo("[2022]");
		assertThat(allowed.get("old").toString()).isEqualTo("[2022,2023]");
		assertThat(allowed.get("new").toString()).isEqualTo("[2023,2026]");
		// One default is one value: old and new say all, there is no list to compare.
		assertThat(changes.get("default").toString()).isEqualTo("{\"old\":2023,\"new\":2026}");
	}

	@Test
	void theErrorFileReportsItsFourErrorsAndWritesNothing() throws Exception {
		JsonNode result = upload("errors-four-kinds.xlsx", "mode=replace");

		assertThat(result.get("applied").booleanValue()).isFalse();
		assertThat(result.get("errors").valueStream().map((e) -> e.get("row").intValue())).containsExactlyInAnyOrder(2,
				3, 4, 5);
		assertThat(result.get("errors").get(0).propertyNames()).contains("sheet", "row", "column", "message");
		assertThat(this.catalog.find(this.report.id()).orElseThrow()).isEqualTo(this.report);
	}

	@Test
	void exportThenImportInReplaceModeChangesNothing() throws Exception {
		for (String format : List.of("xlsx", "csv")) {
			byte[] exported = export(format);

			JsonNode preview = upload("filters." + format, exported, "mode=replace&dry_run=true");

			assertThat(preview.get("errors")).as(format).isEmpty();
			assertThat(preview.get("created")).as(format).isEmpty();
			assertThat(preview.get("updated")).as(format + ": " + preview.get("updated")).isEmpty();
			assertThat(preview.get("deleted")).as(format).isEmpty();
			assertThat(preview.get("unchanged").toString()).as(format)
				.isEqualTo("[\"year\",\"owner\",\"price\",\"formula\"]");
		}
	}

	@Test
	void formulaLikeTextNeverBecomesAFormula() throws Exception {
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(export("xlsx")))) {
			var sheet = workbook.getSheet("filters");
			for (var row : sheet) {
				for (var cell : row) {
					assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
				}
			}
			assertThat(sheet.getRow(4).getCell(5).getStringCellValue()).isEqualTo("=SUM(A1:A9)\n@risk\n-1+2");
		}
		String csv = new String(export("csv"), StandardCharsets.UTF_8);
		// Each cell that starts like a formula starts with an apostrophe instead.
		assertThat(csv).contains(",\"'=SUM(A1:A9)\n@risk\n-1+2\",'=SUM(A1:A9),")
			.doesNotContain(",=")
			.doesNotContain(",\"=");
	}

	@Test
	void junkAndZipBombsAreRefusedQuicklyAndTheAppStaysHealthy() throws Exception {
		byte[] random = new byte[64 * 1024];
		new java.util.Random(3).nextBytes(random);
		long started = System.nanoTime();

		HttpResponse<String> junk = post("random.xlsx", random, "mode=merge");
		HttpResponse<String> bomb = post("bomb.xlsx", zipBomb(), "mode=merge");
		HttpResponse<String> truncated = post("cut.xlsx",
				java.util.Arrays
					.copyOf(Files.readAllBytes(FilterFileReaderTest.FIXTURES.resolve("excel-date-cells.xlsx")), 1500),
				"mode=merge");

		assertThat(junk.statusCode()).isEqualTo(422);
		assertThat(bomb.statusCode()).isBetween(400, 499);
		assertThat(truncated.statusCode()).isEqualTo(422);
		assertThat(junk.body()).contains("could not be read").doesNotContain("Exception", "org.apache");
		assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(10);
		assertThat(new Http(this.port).get("/actuator/health").json().get("status").stringValue()).isEqualTo("UP");
		assertThat(this.catalog.find(this.report.id()).orElseThrow()).isEqualTo(this.report);
	}

	@Test
	void aStaleVersionIsRefused() throws Exception {
		HttpResponse<String> response = post("european-semicolon-bom.csv",
				Files.readAllBytes(FilterFileReaderTest.FIXTURES.resolve("european-semicolon-bom.csv")),
				"mode=merge&version=" + (this.report.version() + 5));

		assertThat(response.statusCode()).isEqualTo(409);
	}

	@Test
	void theFailedRowsOfTheErrorFileDownloadWithAnErrorColumn() throws Exception {
		byte[] file = Files.readAllBytes(FilterFileReaderTest.FIXTURES.resolve("errors-four-kinds.xlsx"));

		HttpResponse<byte[]> xlsx = post("/filters/import/failed-rows", "errors-four-kinds.xlsx", file, "mode=replace",
				HttpResponse.BodyHandlers.ofByteArray());
		HttpResponse<byte[]> csv = post("/filters/import/failed-rows", "errors-four-kinds.xlsx", file, "format=CSV",
				HttpResponse.BodyHandlers.ofByteArray());
		HttpResponse<String> wrongFormat = post("/filters/import/failed-rows", "errors-four-kinds.xlsx", file,
				"format=pdf", HttpResponse.BodyHandlers.ofString());

		assertThat(xlsx.statusCode()).isEqualTo(200);
		assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow())
			.isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow())
			.isEqualTo("attachment; filename=\"errors-four-kinds-failed-rows.xlsx\"");
		List<List<String>> rows = FailedRowsTest.readXlsx(xlsx.body());
		assertThat(rows).hasSize(5);
		assertThat(rows.get(0)).endsWith("default", "error");
		assertThat(rows.subList(1, 5)).extracting((row) -> row.get(6).substring(0, 5))
			.containsExactly("row 2", "row 3", "row 4", "row 5");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
			.isEqualTo("attachment; filename=\"errors-four-kinds-failed-rows.csv\"");
		assertThat(new String(csv.body(), StandardCharsets.UTF_8).lines()).hasSize(5);
		assertThat(wrongFormat.statusCode()).isEqualTo(400);
		JsonNode problem = Http.parse(wrongFormat.body());
		assertThat(problem.get("errors").get(0).get("field").stringValue()).isEqualTo("format");
		assertThat(problem.get("errors").get(0).get("allowed_values").toString()).isEqualTo("[\"xlsx\",\"csv\"]");
		assertThat(this.catalog.find(this.report.id()).orElseThrow()).isEqualTo(this.report);
	}

	@Test
	void theTemplateDownloadsForAdminsAndImportsCleanly() throws Exception {
		Http.Response anonymous = new Http(this.port).get("/api/admin/filters/template.xlsx");
		HttpResponse<byte[]> template = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/api/admin/filters/template.xlsx"))
				.header("Authorization", basic())
				.build(), HttpResponse.BodyHandlers.ofByteArray());

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(template.statusCode()).isEqualTo(200);
		assertThat(template.headers().firstValue("Content-Disposition").orElseThrow())
			.isEqualTo("attachment; filename=\"filters-template.xlsx\"");
		JsonNode preview = upload("template.xlsx", template.body(), "mode=merge&dry_run=true");
		assertThat(preview.get("errors")).isEmpty();
		assertThat(preview.get("updated").get(0).get("column").stringValue()).isEqualTo("year");
	}

	@Test
	void theApiDescriptionDescribesTheNewFileEndpoints() {
		JsonNode paths = new Http(this.port).get("/v3/api-docs").json().get("paths");

		JsonNode failedRows = paths.get("/api/admin/reports/{report_id}/filters/import/failed-rows").get("post");
		assertThat(failedRows.get("requestBody").get("content").get("multipart/form-data").get("schema").toString())
			.contains("\"file\"", "\"binary\"");
		assertThat(failedRows.get("responses").get("200").get("content").propertyNames())
			.containsExactlyInAnyOrder("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv");
		assertThat(failedRows.get("responses").propertyNames()).contains("4XX");
		JsonNode extract = paths.get("/api/admin/reports/{report_id}/filters/extract").get("post");
		assertThat(extract.get("parameters").valueStream().map((p) -> p.get("name").stringValue()))
			.contains("report_id", "columns", "table", "mode", "dry_run", "version");
		assertThat(paths.get("/api/admin/reports/{report_id}/filters/extract/columns")
			.get("post")
			.get("requestBody")
			.get("content")
			.propertyNames()).containsExactly("multipart/form-data");
		JsonNode template = paths.get("/api/admin/filters/template.xlsx").get("get");
		assertThat(template.get("responses").get("200").get("content").propertyNames())
			.containsExactly("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		assertThat(template.get("security").toString()).contains("basicAuth");
	}

	@Test
	void anExtractsColumnsAreListedWithTypeSampleAndCount() throws Exception {
		HttpResponse<String> response = post("/filters/extract/columns", "export.xlsx",
				DataExtractsTest.salesExtract(20), "", HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode columns = Http.parse(response.body()).get("columns");
		assertThat(columns.valueStream().map((c) -> c.get("name").stringValue())).containsExactly("Year", "Store",
				"Order Date", "Amount", "Online", "Order ID", "Empty");
		assertThat(columns.get(1).toString()).isEqualTo("{\"name\":\"Store\",\"type\":\"text\",\"sample\":"
				+ "[\"Store 2\",\"Store 1\",\"Store 10\"],\"distinct_values\":3,\"too_many_values\":false}");
		assertThat(columns.get(2).get("type").stringValue()).isEqualTo("date");
		JsonNode api = new Http(this.port).get("/v3/api-docs").json();
		JsonNode schema = api.get("paths")
			.get("/api/admin/reports/{report_id}/filters/extract/columns")
			.get("post")
			.get("responses")
			.get("200")
			.get("content")
			.get("application/json")
			.get("schema");
		String item = api.get("components")
			.get("schemas")
			.get(schema.get("$ref").stringValue().replace("#/components/schemas/", ""))
			.get("properties")
			.get("columns")
			.get("items")
			.get("$ref")
			.stringValue()
			.replace("#/components/schemas/", "");
		assertThat(api.get("components").get("schemas").get(item).get("properties").propertyNames())
			.containsExactlyInAnyOrder("name", "type", "sample", "distinct_values", "too_many_values");
	}

	@Test
	void chosenColumnsOfAnExtractArePreviewedAndAppliedLikeAFilterFile() throws Exception {
		byte[] csv = "Year;Store;Amount\n2024;Store 10;5\n2022;Store 2;7\n2023;Store 2;9\n"
			.getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> preview = post("/filters/extract", "export.csv", csv,
				"columns=Store&columns=year&table=Sales&mode=replace&dry_run=true",
				HttpResponse.BodyHandlers.ofString());

		assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
		JsonNode previewed = Http.parse(preview.body());
		assertThat(previewed.get("applied").booleanValue()).isFalse();
		assertThat(previewed.get("rows").intValue()).isEqualTo(3);
		assertThat(previewed.get("created").toString()).isEqualTo("[{\"label\":\"Store\",\"column\":\"Store\","
				+ "\"table\":\"Sales\",\"type\":\"text\",\"multiple\":false,\"required\":false,"
				+ "\"allowed_values\":[\"Store 2\",\"Store 10\"],\"default\":null},{\"label\":\"Year\","
				+ "\"column\":\"Year\",\"table\":\"Sales\",\"type\":\"integer\",\"multiple\":false,"
				+ "\"required\":false,\"allowed_values\":[2022,2023,2024],\"default\":null}]");
		assertThat(previewed.get("deleted").valueStream().map((f) -> f.get("column").stringValue()))
			.containsExactly("year", "owner", "price", "formula");
		assertThat(previewed.get("errors")).isEmpty();
		assertThat(this.catalog.find(this.report.id()).orElseThrow()).isEqualTo(this.report);

		HttpResponse<String> applied = post("/filters/extract", "export.csv", csv,
				"columns=Store,Year&table=Sales&mode=merge&version=" + this.report.version(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> stale = post("/filters/extract", "export.csv", csv,
				"columns=Store&table=Sales&version=" + this.report.version(), HttpResponse.BodyHandlers.ofString());

		assertThat(Http.parse(applied.body()).get("applied").booleanValue()).as(applied.body()).isTrue();
		assertThat(this.catalog.find(this.report.id()).orElseThrow().filters()).extracting(Filter::column)
			.containsExactly("year", "owner", "price", "formula", "Store", "Year");
		assertThat(stale.statusCode()).isEqualTo(409);
	}

	@Test
	void extractRequestMistakesAreProblemsNamingTheField() throws Exception {
		byte[] csv = "Year,Store\n2024,North\n".getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> unknown = post("/filters/extract", "export.csv", csv, "columns=Region&table=Sales",
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> noTable = post("/filters/extract", "export.csv", csv, "columns=Year",
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> badMode = post("/filters/extract", "export.csv", csv,
				"columns=Year&table=Sales&mode=append", HttpResponse.BodyHandlers.ofString());

		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/problem+json");
		JsonNode error = Http.parse(unknown.body()).get("errors").get(0);
		assertThat(error.get("field").stringValue()).isEqualTo("columns");
		assertThat(error.get("message").stringValue()).contains("'Region'");
		assertThat(error.get("allowed_values").toString()).isEqualTo("[\"Year\",\"Store\"]");
		assertThat(Http.parse(noTable.body()).get("errors").get(0).get("field").stringValue()).isEqualTo("table");
		assertThat(Http.parse(badMode.body()).get("errors").get(0).get("allowed_values").toString())
			.isEqualTo("[\"merge\",\"replace\"]");
		for (HttpResponse<String> response : List.of(unknown, noTable, badMode)) {
			assertThat(response.body()).doesNotContain("Exception", "org.pbiexport", "org.apache");
		}
		assertThat(this.catalog.find(this.report.id()).orElseThrow()).isEqualTo(this.report);
	}

	private JsonNode upload(String fixture, String query) throws Exception {
		return upload(fixture, Files.readAllBytes(FilterFileReaderTest.FIXTURES.resolve(fixture)), query);
	}

	private JsonNode upload(String name, byte[] content, String query) throws Exception {
		HttpResponse<String> response = post(name, content, query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.parse(response.body());
	}

	private HttpResponse<String> post(String name, byte[] content, String query) throws Exception {
		return post("/filters/import", name, content, query, HttpResponse.BodyHandlers.ofString());
	}

	/** A multipart upload of {@code file} to a path under this test's report. */
	private <T> HttpResponse<T> post(String path, String name, byte[] content, String query,
			HttpResponse.BodyHandler<T> handler) throws Exception {
		String boundary = "----pbi" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.write(content);
		body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(
					"http://localhost:" + this.port + "/api/admin/reports/" + this.report.id() + path + "?" + query))
			.header("Authorization", basic())
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build();
		return HttpClient.newHttpClient().send(request, handler);
	}

	private byte[] export(String format) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/admin/reports/"
				+ this.report.id() + "/filters/export?format=" + format))
			.header("Authorization", basic())
			.build();
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static String basic() {
		return "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-pw".getBytes(StandardCharsets.UTF_8));
	}

	/** A small .xlsx-named zip whose sheet inflates to hundreds of megabytes of zeros. */
	private static byte[] zipBomb() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
			zip.write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
				.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
			byte[] zeros = new byte[1024 * 1024];
			for (int i = 0; i < 300; i++) {
				zip.write(zeros);
			}
			zip.closeEntry();
		}
		return out.toByteArray();
	}

}
