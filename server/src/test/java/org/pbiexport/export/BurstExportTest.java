package org.pbiexport.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.DemoApp;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.Pictures;
import org.pbiexport.testsupport.Reports;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One file per value ({@code each} on {@code POST /api/exports}) with the demo report in
 * real Chromium: a zip of one PNG per region, each the region's own picture; a combined
 * PDF with one outline entry per region over its pages; a region whose render fails is
 * reported while the others are delivered; and the requests refused before a job starts.
 */
class BurstExportTest extends DemoApp {

	/** The demo report's pages, by their internal names. */
	static final String OVERVIEW = "ReportSection1a2b3c4d5e", REGIONS = "ReportSection6f7a8b9c0d";

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Value("${pbi-export.data-dir}")
	Path dataDir;

	Http http;

	long demo;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.demo = Reports.idOf(this.catalog, "Sales demo");
	}

	@Test
	void fiveRegionsGiveAZipOfFivePngsEachShowingItsOwnRegionWithProgressPerValue() throws IOException {
		Chromium.require();
		long report = copy(null);
		String shared = "\"report_id\": " + report + ", \"filters\": {\"Year\": 2022}";
		String jobId = queued("{" + shared + ", \"each\": \"Region\"}");

		List<JsonNode> polls = new ArrayList<>();
		await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(50)).until(() -> {
			JsonNode status = this.http.get("/api/exports/" + jobId).json();
			polls.add(status);
			return !status.get("status").stringValue().equals("running");
		});
		JsonNode last = polls.get(polls.size() - 1);
		assertThat(last.get("status").stringValue()).as(last.toString()).isEqualTo("done");
		List<Integer> done = new ArrayList<>();
		double previous = -1;
		for (JsonNode poll : polls) {
			JsonNode values = poll.get("values");
			assertThat(values.get("total").intValue()).isEqualTo(5);
			double progress = poll.get("progress").doubleValue();
			assertThat(progress).as("progress never goes back").isGreaterThanOrEqualTo(previous);
			if (poll.get("status").stringValue().equals("running")) {
				assertThat(progress).isEqualTo(values.get("done").intValue() / 5.0);
			}
			previous = progress;
			done.add(values.get("done").intValue());
		}
		assertThat(done.get(0)).as("the first poll, before any render finished").isEqualTo(0);
		assertThat(done.get(done.size() - 1)).isEqualTo(5);
		assertThat(done).as("values finishing one after another").anyMatch((count) -> count > 0 && count < 5);
		assertThat(last.get("progress").doubleValue()).isEqualTo(1.0);
		assertThat(last.get("values").get("failed")).isEmpty();

		HttpResponse<byte[]> file = this.http.download("/api/exports/" + jobId + "/file");
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.headers().firstValue("Content-Type")).hasValue("application/zip");
		assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment", ".zip");
		// Answered from the job's file on disk, written as the values finished.
		assertThat(Files.readAllBytes(this.dataDir.resolve("export-jobs").resolve(jobId + ".zip")))
			.isEqualTo(file.body());
		Map<String, BufferedImage> pictures = Pictures.unzip(file.body());
		assertThat(pictures.keySet()).containsExactlyInAnyOrder("North.png", "South.png", "East.png", "West.png",
				"Côte d'Azur.png");

		// Each picture is its region's: the same pixels as a separate export of that
		// region alone (a zip of the same page, so rendered apart), other pixels than
		// the other regions'.
		Map<String, BufferedImage> alone = new LinkedHashMap<>();
		for (String region : DemoNumbers.REGIONS) {
			HttpResponse<byte[]> direct = this.http
				.download("/api/export?report_id=" + report + "&format=zip&page=" + OVERVIEW
						+ "&filter.Year=2022&filter.Region=" + URLEncoder.encode(region, StandardCharsets.UTF_8));
			assertThat(direct.statusCode()).isEqualTo(200);
			alone.put(region, Pictures.unzip(direct.body()).values().iterator().next());
		}
		for (String region : DemoNumbers.REGIONS) {
			BufferedImage picture = pictures.get(region + ".png");
			long pixels = (long) picture.getWidth() * picture.getHeight();
			assertThat(picture.getWidth()).isEqualTo(1280);
			for (String other : DemoNumbers.REGIONS) {
				long differing = Pictures.differingPixels(picture, alone.get(other));
				if (other.equals(region)) {
					assertThat(differing).as(region + " against itself alone").isLessThan(pixels / 1000);
				}
				else {
					assertThat(differing).as(region + " against " + other).isGreaterThan(pixels / 200);
				}
			}
		}
	}

	@Test
	void aCombinedPdfHasOneOutlineEntryPerValueOverItsPages() throws IOException {
		Chromium.require();
		List<String> regions = List.of("North", "East", "Côte d'Azur");
		String jobId = queued("{\"report_id\": " + copy(null) + ", \"format\": \"pdf\", \"pages\": [\"" + REGIONS
				+ "\"], \"filters\": {\"Year\": 2023}, \"each\": \"Region\","
				+ " \"each_values\": [\"North\", \"East\", \"Côte d'Azur\"], \"combine\": true}");
		JsonNode status = finished(jobId);
		assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("done");

		HttpResponse<byte[]> file = this.http.download("/api/exports/" + jobId + "/file");
		assertThat(file.headers().firstValue("Content-Type")).hasValue("application/pdf");
		try (PDDocument pdf = Loader.loadPDF(file.body())) {
			assertThat(pdf.getNumberOfPages()).isEqualTo(3);
			List<String> titles = new ArrayList<>();
			int index = 0;
			for (PDOutlineItem entry : pdf.getDocumentCatalog().getDocumentOutline().children()) {
				titles.add(entry.getTitle());
				int page = pdf.getPages().indexOf(entry.findDestinationPage(pdf));
				assertThat(page).isEqualTo(index);
				assertThat(entry.children()).extracting(PDOutlineItem::getTitle).containsExactly("Regions");
				// The page under the entry shows that region's numbers.
				PDFTextStripper text = new PDFTextStripper();
				text.setStartPage(page + 1);
				text.setEndPage(page + 1);
				assertThat(text.getText(pdf)).contains(regions.get(index), DemoNumbers.sales(2023, regions.get(index)));
				index++;
			}
			assertThat(titles).containsExactlyElementsOf(regions);
		}
	}

	@Test
	void aValueThatFailsIsReportedWhileTheOtherFourAreDelivered() throws IOException {
		Chromium.require();
		long failsForWest = copy("West");
		String jobId = queued("{\"report_id\": " + failsForWest + ", \"each\": \"Region\"}");
		finished(jobId);
		// As an admin: anonymous callers get general words for a 502 instead of its
		// detail.
		JsonNode status = this.http.as("admin", "test-admin-pw").get("/api/exports/" + jobId).json();

		assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("done");
		assertThat(status.get("values").get("done").intValue()).isEqualTo(5);
		JsonNode failed = status.get("values").get("failed");
		assertThat(failed).hasSize(1);
		assertThat(failed.get(0).get("value").stringValue()).isEqualTo("West");
		assertThat(failed.get(0).get("error").get("status").intValue()).isEqualTo(502);
		assertThat(failed.get(0).get("error").get("detail").stringValue()).contains("error_when");
		HttpResponse<byte[]> file = this.http.download("/api/exports/" + jobId + "/file");
		assertThat(Pictures.unzip(file.body()).keySet()).containsExactlyInAnyOrder("North.png", "South.png", "East.png",
				"Côte d'Azur.png");

		String allFail = queued(
				"{\"report_id\": " + failsForWest + ", \"each\": \"Region\", \"each_values\": [\"West\"]}");
		JsonNode failedJob = finished(allFail);
		assertThat(failedJob.get("status").stringValue()).isEqualTo("failed");
		assertThat(failedJob.get("error").get("status").intValue()).isEqualTo(502);
		assertThat(failedJob.get("file_url").isNull()).isTrue();
		assertThat(failedJob.get("values").get("failed").get(0).get("value").stringValue()).isEqualTo("West");
	}

	@Test
	void requestsForOneFilePerValueAreCheckedBeforeAJobStarts() {
		String report = "\"report_id\": " + this.demo;
		assertRefused("/api/exports", "{" + report + ", \"each\": \"Colour\"}", "each", "not a filter of this report");
		JsonNode error = assertRefused("/api/exports",
				"{" + report + ", \"each\": \"Region\", \"each_values\": [\"North\", \"South\", \"Atlantis\"]}",
				"each_values[2]", "'Atlantis' is not an allowed value");
		assertThat(error.get("allowed_values").toString()).contains("North", "Côte d'Azur");
		assertRefused("/api/exports", "{" + report + ", \"each\": \"Region\", \"each_values\": [{\"a\": 1}]}",
				"each_values[0]", "single value");
		assertRefused("/api/exports", "{" + report + ", \"each\": \"Region\", \"combine\": true}", "combine",
				"\"format\": \"pdf\"");
		assertRefused("/api/export", "{" + report + ", \"each\": \"Region\"}", "each", "POST /api/exports");
		assertRefused("/api/exports", "{" + report + ", \"each_values\": [\"North\"]}", "each", "column");
		String tooMany = String.join(", ", java.util.Collections.nCopies(501, "\"North\""));
		assertRefused("/api/exports", "{" + report + ", \"each\": \"Region\", \"each_values\": [" + tooMany + "]}",
				"each_values", "at most 500");
	}

	private JsonNode assertRefused(String path, String body, String field, String message) {
		Http.Response refused = this.http.post(path, body);
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		JsonNode error = refused.json().get("errors").get(0);
		assertThat(error.get("field").stringValue()).as(refused.body()).isEqualTo(field);
		assertThat(error.get("message").stringValue()).contains(message);
		return error;
	}

	private String queued(String body) {
		Http.Response accepted = this.http.post("/api/exports", body);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		return accepted.json().get("job_id").stringValue();
	}

	private JsonNode finished(String jobId) {
		await().atMost(Duration.ofSeconds(240))
			.until(() -> !this.http.get("/api/exports/" + jobId).json().get("status").stringValue().equals("running"));
		return this.http.get("/api/exports/" + jobId).json();
	}

	/**
	 * A copy of the demo report of its own (no other test's files in the cache) with a
	 * time budget that a busy machine meets; with {@code failingFor}, its page shows an
	 * error for that region only.
	 */
	private long copy(String failingFor) {
		ReportDraft demo = this.catalog.find(new ReportId(this.demo)).orElseThrow().draft();
		String address = (failingFor != null)
				? "/demo/report?error_when=" + URLEncoder.encode(failingFor, StandardCharsets.UTF_8) : demo.embedUrl();
		RenderSettings settings = new RenderSettings(null, null, 120_000, null, null, null, false);
		return this.catalog
			.create(new ReportDraft("Demo for bursting " + UUID.randomUUID(), demo.description(), address, "demo",
					"url", settings, true, demo.pages(), demo.filters()), "test")
			.id()
			.value();
	}

}
