package org.pbiexport.audit;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.export.ExportAnswered;
import org.pbiexport.security.ApiKeys;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.regions;
import static org.pbiexport.testsupport.Reports.year;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The export log: an export through the public API with a key is logged naming the key,
 * the report, the filters as applied, the format and MISS, then HIT; a refused export is
 * logged with its 400; anonymous callers leave no address; the admin page and the CSV
 * show the rows with the same filters; old rows are deleted.
 */
class ExportLogTest extends SqliteApp {

	static final RequestPostProcessor ADMIN = user("root").roles("ADMIN");

	static final String OVERVIEW = "ReportSection1a2b3c4d5e";

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	Catalog catalog;

	@Autowired
	ApiKeys keys;

	@Autowired
	ExportLog exportLog;

	@Autowired
	ExportLogRetention retention;

	String keyName;

	String secret;

	long report;

	String title;

	@BeforeEach
	void setUp() {
		String unique = UUID.randomUUID().toString().substring(0, 8);
		this.title = "Audited " + unique;
		this.report = this.catalog
			.create(aReport().titled(this.title)
				.at("/demo/report?delay_ms=0", "demo")
				.withPage(OVERVIEW)
				.withFilter(year(2023L, 2024L))
				.withFilter(regions("North", "South", "East"))
				.build(), "test")
			.id()
			.value();
		this.keyName = "auditor-" + unique;
		ApiKeys.CreatedKey created = this.keys.create(this.keyName, Set.of(), Set.of(), false, "test");
		this.secret = created.secret();
	}

	@Test
	void anExportWithAKeyIsLoggedAsMissThenHitAndShownAndDownloaded() throws Exception {
		Http http = new Http(this.port).with("X-API-Key", this.secret);
		String query = "/api/export?report_id=" + this.report + "&format=png&filter.year=2023"
				+ "&filter.region=South&filter.region=North";
		HttpResponse<byte[]> first = http.download(query);
		HttpResponse<byte[]> second = http.download(query);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");

		List<ExportLogEntry> rows = rowsOf(this.keyName, 2);
		ExportLogEntry miss = rows.get(1);
		assertThat(miss.callerKind()).isEqualTo("key");
		assertThat(miss.caller()).isEqualTo(this.keyName);
		assertThat(miss.keyPrefix()).isEqualTo(this.secret.substring(4, 14));
		assertThat(miss.reportId()).isEqualTo(this.report);
		assertThat(miss.reportTitle()).isEqualTo(this.title);
		assertThat(miss.pages())
			.containsExactly(this.catalog.find(new ReportId(this.report)).orElseThrow().pages().get(0).name());
		// As applied: in the filter's allowed order.
		assertThat(miss.filters()).isEqualTo(Map.of("year", List.of("2023"), "region", List.of("North", "South")));
		assertThat(miss.format()).isEqualTo("png");
		assertThat(miss.cache()).isEqualTo("MISS");
		assertThat(miss.status()).isEqualTo(200);
		assertThat(miss.problem()).isNull();
		assertThat(rows.get(0).cache()).isEqualTo("HIT");
		assertThat(rows.get(0).durationMillis()).isLessThanOrEqualTo(miss.durationMillis());

		String page = this.mvc.perform(get("/admin/exports").param("who", this.keyName).with(ADMIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains(this.title, "year=2023; region=North|South", "MISS", "HIT", "2 exports")
			.contains("pbx_" + miss.keyPrefix());

		String csv = this.mvc.perform(get("/admin/exports.csv").param("who", this.keyName).with(ADMIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		List<CSVRecord> records = CSVFormat.RFC4180.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.get()
			.parse(new StringReader(csv))
			.getRecords();
		assertThat(records).hasSize(2);
		assertThat(records.get(1).get("caller")).isEqualTo(this.keyName);
		assertThat(records.get(1).get("report_title")).isEqualTo(this.title);
		assertThat(records.get(1).get("filters")).isEqualTo("year=2023; region=North|South");
		assertThat(records.get(1).get("cache")).isEqualTo("MISS");
		assertThat(records.get(0).get("cache")).isEqualTo("HIT");
		assertThat(records.get(0).get("status")).isEqualTo("200");
		assertThat(Instant.parse(records.get(0).get("time_utc"))).isCloseTo(Instant.now(),
				within(Duration.ofMinutes(2)));
	}

	@Test
	void filtersNarrowThePageAndTheCsv() throws Exception {
		Http http = new Http(this.port).with("X-API-Key", this.secret);
		assertThat(http.get("/api/export?report_id=" + this.report + "&filter.year=1999").status()).isEqualTo(400);
		ExportLogEntry refused = rowsOf(this.keyName, 1).get(0);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.problem()).isEqualTo("invalid-request");
		assertThat(refused.reportId()).isEqualTo(this.report);

		String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).toString().substring(0, 10);
		String today = Instant.now().toString().substring(0, 10);
		assertThat(page("who", this.keyName, "outcome", "refused")).contains("400 invalid-request", "1 export,");
		assertThat(page("who", this.keyName, "outcome", "ok")).contains("0 exports").doesNotContain("invalid-request");
		assertThat(page("who", this.keyName, "from", tomorrow)).contains("0 exports");
		assertThat(page("who", this.keyName, "from", today, "to", today)).contains("1 export,");
		assertThat(page("who", this.keyName, "report", Long.toString(this.report + 100_000))).contains("0 exports");
		assertThat(page("who", this.keyName, "from", "yesterday")).contains("is not a day");

		String csv = this.mvc
			.perform(get("/admin/exports.csv").param("who", this.keyName).param("outcome", "ok").with(ADMIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(csv.strip().lines()).hasSize(1).first().asString().startsWith("time_utc,");
	}

	@Test
	void anAnonymousExportNamesNobodyAndNoAddress() {
		String marker = "2024";
		Http http = new Http(this.port);
		assertThat(http.get("/api/export?report_id=" + this.report + "&filter.year=" + marker + "&page=nope").status())
			.isEqualTo(404);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.exportLog.find(new ExportLogQuery(this.report, "anonymous", null, null, null), 0, 10)
				.stream()
				.anyMatch((row) -> row.status() == 404));
		ExportLogEntry row = this.exportLog.find(new ExportLogQuery(this.report, "anonymous", null, null, null), 0, 10)
			.get(0);
		assertThat(row.callerKind()).isEqualTo("anonymous");
		assertThat(row.keyPrefix()).isNull();
		assertThat(row.who()).doesNotContain("127.0.0.1");
	}

	@Test
	void anExportJobIsLoggedWhenItFinishes() {
		Http http = new Http(this.port).with("X-API-Key", this.secret);
		Http.Response accepted = http.post("/api/exports",
				"{\"report_id\": " + this.report + ", \"format\": \"pdf\", \"filters\": {\"year\": 2024}}");
		assertThat(accepted.status()).isEqualTo(202);
		String jobId = accepted.json().get("job_id").stringValue();

		ExportLogEntry row = rowsOf(this.keyName, 1).get(0);
		assertThat(row.jobId()).isEqualTo(jobId);
		assertThat(row.status()).isEqualTo(200);
		assertThat(row.format()).isEqualTo("pdf");
		assertThat(row.filters()).containsEntry("year", List.of("2024")).containsEntry("region", List.of("North"));
		assertThat(row.cache()).isIn("HIT", "MISS");
	}

	@Test
	void rowsOlderThanKeptAreDeleted() {
		String who = "retention-" + UUID.randomUUID();
		Instant now = Instant.now();
		this.exportLog.record(row(who, now.minus(Duration.ofDays(91))));
		this.exportLog.record(row(who, now.minus(Duration.ofDays(89))));
		ExportLogQuery mine = new ExportLogQuery(null, who, null, null, null);
		assertThat(this.exportLog.count(mine)).isEqualTo(2);

		this.retention.cleanUp();

		List<ExportLogEntry> kept = this.exportLog.find(mine, 0, 10);
		assertThat(kept).hasSize(1);
		assertThat(kept.get(0).at()).isAfter(now.minus(Duration.ofDays(90)));
	}

	@Test
	void onlyAdminsSeeTheLog() throws Exception {
		this.mvc.perform(get("/admin/exports").with(user("erin").roles("EDITOR"))).andExpect(status().isForbidden());
		this.mvc.perform(get("/admin/exports.csv").with(user("erin").roles("EDITOR")))
			.andExpect(status().isForbidden());
		String nav = this.mvc.perform(get("/admin/history").with(ADMIN)).andReturn().getResponse().getContentAsString();
		assertThat(nav).contains("href=\"/admin/exports\"");
	}

	private static ExportAnswered row(String who, Instant at) {
		return new ExportAnswered(at, new ExportAnswered.Caller("user", who, null), 1L, "Old", List.of("P"), Map.of(),
				"png", "MISS", 200, null, 5, null);
	}

	private String page(String... params) throws Exception {
		var request = get("/admin/exports").with(ADMIN);
		for (int i = 0; i < params.length; i += 2) {
			request.param(params[i], params[i + 1]);
		}
		return this.mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	/** The rows of a caller, newest first, once {@code count} of them are written. */
	private List<ExportLogEntry> rowsOf(String who, int count) {
		ExportLogQuery query = new ExportLogQuery(null, who, null, null, null);
		await().atMost(Duration.ofSeconds(60)).until(() -> this.exportLog.count(query) >= count);
		return this.exportLog.find(query, 0, 50);
	}

}
