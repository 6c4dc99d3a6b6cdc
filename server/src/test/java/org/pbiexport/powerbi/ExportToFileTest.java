package org.pbiexport.powerbi;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.powerbi.ExportToFile.ExportedFile;
import org.pbiexport.powerbi.ExportToFile.Format;
import org.pbiexport.testsupport.PowerBiStandIn;
import org.pbiexport.testsupport.PowerBiStandIn.ExportRecord;
import org.pbiexport.testsupport.PowerBiStandIn.Recorded;
import org.pbiexport.testsupport.PowerBiStandIn.Report;
import org.pbiexport.testsupport.StandInFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Export To File against the stand-in: the files prove the pages and the filter asked
 * for, busy answers are waited out as Power BI asks, failures and deadlines end the
 * export, and a credential never has more exports in flight than allowed.
 */
class ExportToFileTest {

	private static final String TERRITORY = "Store/Territory eq 'NC'";

	private static final JsonMapper json = JsonMapper.builder().build();

	private PowerBiStandIn powerBi;

	private Credential servicePrincipal;

	private Report sales;

	@BeforeEach
	void start() {
		this.powerBi = PowerBiStandIn.start().retryAfterSeconds(0).pollsUntilDone(2);
		this.servicePrincipal = this.powerBi.servicePrincipal("contoso-sp");
		this.sales = this.powerBi.addReport("Sales", "Overview", "Regions", "Details");
	}

	@AfterEach
	void stop() {
		this.powerBi.close();
	}

	@Test
	void aFilteredPngOfOnePage() throws IOException {
		ExportedFile file = exports(this.powerBi.properties()).export(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), Format.PNG, this.sales.pageNames("Regions"), TERRITORY, null, inSeconds(20));

		assertThat(file.extension()).isEqualTo(".png");
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(file.bytes()));
		assertThat(new Color(image.getRGB(100, 100))).as("the Regions page").isEqualTo(StandInFiles.colour(1));
		assertThat(new Color(image.getRGB(400, StandInFiles.HEIGHT - 5))).as("filtered")
			.isEqualTo(StandInFiles.FILTER_COLOUR);
		assertThat(StandInFiles.pngText(file.bytes())).isEqualTo("Page: Regions | Filter: " + TERRITORY);
		JsonNode request = exportRequest(0);
		assertThat(request.path("format").asString()).isEqualTo("PNG");
		JsonNode configuration = request.path("powerBIReportConfiguration");
		assertThat(configuration.path("pages").path(0).path("pageName").asString())
			.isEqualTo(this.sales.page("Regions").name());
		assertThat(configuration.path("reportLevelFilters").size()).isEqualTo(1);
		assertThat(configuration.path("reportLevelFilters").path(0).path("filter").asString()).isEqualTo(TERRITORY);
		assertThat(configuration.has("identities")).isFalse();
	}

	@Test
	void aPdfOfThreePagesInTheOrderAsked() throws IOException {
		String filter = "Store/Territory in ('NC', 'TN') and Store/Chain eq 'Fashions Direct'";

		ExportedFile file = exports(this.powerBi.properties()).export(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), Format.PDF, this.sales.pageNames("Details", "Overview", "Regions"), filter, null,
				inSeconds(20));

		assertThat(file.extension()).isEqualTo(".pdf");
		try (PDDocument pdf = Loader.loadPDF(file.bytes())) {
			assertThat(pdf.getNumberOfPages()).isEqualTo(3);
			List<String> pages = new ArrayList<>();
			for (int page = 1; page <= 3; page++) {
				PDFTextStripper text = new PDFTextStripper();
				text.setStartPage(page);
				text.setEndPage(page);
				pages.add(text.getText(pdf).strip());
			}
			assertThat(pages).containsExactly("Page: Details | Filter: " + filter, "Page: Overview | Filter: " + filter,
					"Page: Regions | Filter: " + filter);
		}
	}

	@Test
	void severalPngPagesComeAsAZipOfPngs() throws IOException {
		ExportedFile file = exports(this.powerBi.properties()).export(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), Format.PNG, this.sales.pageNames("Overview", "Details"), null, null, inSeconds(20));

		assertThat(file.extension()).isEqualTo(".zip");
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file.bytes()))) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				entries.put(entry.getName(), zip.readAllBytes());
			}
		}
		String overview = this.sales.page("Overview").name() + ".png";
		String details = this.sales.page("Details").name() + ".png";
		assertThat(entries).containsOnlyKeys(overview, details);
		assertThat(new Color(ImageIO.read(new ByteArrayInputStream(entries.get(overview))).getRGB(100, 100)))
			.isEqualTo(StandInFiles.colour(0));
		assertThat(new Color(ImageIO.read(new ByteArrayInputStream(entries.get(details))).getRGB(100, 100)))
			.isEqualTo(StandInFiles.colour(2));
		assertThat(StandInFiles.pngText(entries.get(details))).isEqualTo("Page: Details | Filter: (none)");
	}

	@Test
	void tooManyRequestsAreWaitedOutAsPowerBiAsks() {
		this.powerBi.throttleExportRequests(2, 1);
		long started = System.nanoTime();

		ExportedFile file = exports(this.powerBi.properties()).export(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), Format.PDF, List.of(), null, null, inSeconds(20));

		assertThat(file.extension()).isEqualTo(".pdf");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		List<Recorded> posts = this.powerBi.requests("POST", "/ExportTo");
		assertThat(posts).hasSize(3);
		for (int i = 1; i < posts.size(); i++) {
			assertThat(Duration.between(posts.get(i - 1).at(), posts.get(i).at()))
				.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		}
		assertThat(this.powerBi.exports()).hasSize(1);
	}

	@Test
	void aThrottledPollIsRepeatedAfterTheWaitAsked() {
		this.powerBi.throttlePolls(1, 1);

		exports(this.powerBi.properties()).export(this.servicePrincipal, this.sales.workspaceId(), this.sales.id(),
				Format.PDF, List.of(), null, null, inSeconds(20));

		List<Recorded> polls = this.powerBi.requests((request) -> request.method().equals("GET")
				&& request.path().contains("/exports/") && !request.path().endsWith("/file"));
		assertThat(polls).hasSize(3);
		assertThat(Duration.between(polls.get(0).at(), polls.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(this.powerBi.exports()).as("the export was not started again").hasSize(1);
	}

	@Test
	void anExportFailedAsBusyIsStartedAgainAfterTheWaitAsked() {
		this.powerBi.failExportsAsBusy(1, 1);

		ExportedFile file = exports(this.powerBi.properties()).export(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), Format.PNG, this.sales.pageNames("Overview"), null, null, inSeconds(20));

		assertThat(StandInFiles.pngText(file.bytes())).isEqualTo("Page: Overview | Filter: (none)");
		List<ExportRecord> exports = this.powerBi.exports();
		assertThat(exports).hasSize(2);
		assertThat(Duration.between(exports.get(0).ended(), exports.get(1).created()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aPermanentFailureCarriesPowerBisMessage() {
		this.powerBi.failExports("The report contains a visual that cannot be exported");

		assertThatThrownBy(() -> exports(this.powerBi.properties()).export(this.servicePrincipal,
				this.sales.workspaceId(), this.sales.id(), Format.PDF, List.of(), null, null, inSeconds(20)))
			.isInstanceOf(PowerBiFailed.class)
			.hasMessageContaining("Power BI failed the export of report " + this.sales.id())
			.hasMessageContaining("The report contains a visual that cannot be exported");
		assertThat(this.powerBi.exports()).as("not tried again").hasSize(1);
	}

	@Test
	void anExportThatNeverFinishesTimesOutAtTheDeadline() {
		this.powerBi.neverFinishExports().retryAfterSeconds(1);
		long started = System.nanoTime();

		assertThatThrownBy(() -> exports(this.powerBi.properties()).export(this.servicePrincipal,
				this.sales.workspaceId(), this.sales.id(), Format.PDF, List.of(), null, null, inMillis(2_500)))
			.isInstanceOf(PowerBiTimedOut.class)
			.hasMessageContaining("had not finished the export of report " + this.sales.id())
			.hasMessageContaining("Running");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(2_400),
				Duration.ofMillis(3_500));
	}

	@Test
	void theExportPollTimeoutShortensALaterDeadline() {
		this.powerBi.neverFinishExports().retryAfterSeconds(1);
		long started = System.nanoTime();

		assertThatThrownBy(() -> exports(this.powerBi.properties(Duration.ofSeconds(2), 2, Duration.ofMinutes(5)))
			.export(this.servicePrincipal, this.sales.workspaceId(), this.sales.id(), Format.PDF, List.of(), null, null,
					inSeconds(60)))
			.isInstanceOf(PowerBiTimedOut.class);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1_900),
				Duration.ofMillis(3_000));
	}

	@Test
	void aCredentialCappedAtOneExportRunsThemOneAfterAnother() throws Exception {
		this.powerBi.retryAfterSeconds(1).pollsUntilDone(1);
		ExportToFile exports = exports(this.powerBi.properties(Duration.ofSeconds(30), 1, Duration.ofMinutes(5)));
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<ExportedFile>> files = new ArrayList<>();
			for (String page : List.of("Overview", "Details")) {
				files.add(threads.submit(() -> exports.export(this.servicePrincipal, this.sales.workspaceId(),
						this.sales.id(), Format.PNG, this.sales.pageNames(page), null, null, inSeconds(20))));
			}
			for (Future<ExportedFile> file : files) {
				assertThat(file.get(20, TimeUnit.SECONDS).extension()).isEqualTo(".png");
			}
		}
		finally {
			threads.shutdownNow();
		}
		List<ExportRecord> done = this.powerBi.exports();
		assertThat(done).hasSize(2);
		assertThat(done.get(1).created()).as("the second started after the first was downloaded")
			.isAfterOrEqualTo(done.get(0).ended());
		assertThat(this.powerBi.mostExportsInFlight()).isEqualTo(1);
	}

	@Test
	void anExportWaitingForItsCredentialsTurnGivesUpAtItsDeadline() throws Exception {
		this.powerBi.neverFinishExports().retryAfterSeconds(1);
		ExportToFile exports = exports(this.powerBi.properties(Duration.ofSeconds(30), 1, Duration.ofMinutes(5)));
		ExecutorService threads = Executors.newSingleThreadExecutor();
		try {
			Future<ExportedFile> first = threads.submit(() -> exports.export(this.servicePrincipal,
					this.sales.workspaceId(), this.sales.id(), Format.PDF, List.of(), null, null, inMillis(2_500)));
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> this.powerBi.exports().size() == 1);

			assertThatThrownBy(() -> exports.export(this.servicePrincipal, this.sales.workspaceId(), this.sales.id(),
					Format.PDF, List.of(), null, null, inMillis(500)))
				.isInstanceOf(PowerBiTimedOut.class)
				.hasMessageContaining("credential 'contoso-sp' already has 1 export(s) running");
			assertThat(this.powerBi.exports()).hasSize(1);
			assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PowerBiTimedOut.class);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void theIdentityIsSentForRowLevelSecurity() {
		Report secured = this.powerBi.addReportWithRowLevelSecurity("Regional sales", "Overview");

		exports(this.powerBi.properties()).export(this.servicePrincipal, secured.workspaceId(), secured.id(),
				Format.PDF, List.of(), null, new EffectiveIdentity("someone@contoso.com", List.of("Region manager")),
				inSeconds(20));

		JsonNode identity = this.powerBi.exports().get(0).identities().path(0);
		assertThat(identity.path("username").asString()).isEqualTo("someone@contoso.com");
		assertThat(identity.path("roles").path(0).asString()).isEqualTo("Region manager");
		assertThat(identity.path("datasets").path(0).asString()).isEqualTo(secured.datasetId());
	}

	@Test
	void pollingRenewsATokenAboutToExpire() {
		this.powerBi.tokenLifetime(Duration.ofSeconds(61)).retryAfterSeconds(1).pollsUntilDone(3);

		exports(this.powerBi.properties(Duration.ofSeconds(30), 2, Duration.ofSeconds(60))).export(
				this.servicePrincipal, this.sales.workspaceId(), this.sales.id(), Format.PDF, List.of(), null, null,
				inSeconds(20));

		assertThat(this.powerBi.tokenRequests()).isGreaterThanOrEqualTo(2);
		List<String> bearers = this.powerBi.requests((request) -> request.path().contains("/exports/"))
			.stream()
			.map((request) -> request.header("Authorization"))
			.distinct()
			.toList();
		assertThat(bearers).as("later polls used a new token").hasSizeGreaterThanOrEqualTo(2);
	}

	private JsonNode exportRequest(int index) {
		return json.readTree(this.powerBi.requests("POST", "/ExportTo").get(index).body());
	}

	private static ExportToFile exports(PowerBiApiProperties properties) {
		return new ExportToFile(new PowerBiClient(properties, RestClient.builder()));
	}

	private static Instant inSeconds(int seconds) {
		return Instant.now().plusSeconds(seconds);
	}

	private static Instant inMillis(int millis) {
		return Instant.now().plusMillis(millis);
	}

}
