package org.pbiexport.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbiexport.client.testing.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client library against a real server (the server module's jar) with API keys
 * required and the demo report.
 */
class PbiExportClientTest {

	private static RunningServer server;

	private static PbiExportClient client;

	@BeforeAll
	static void start() {
		server = RunningServer.shared();
		client = new PbiExportClient(server.baseUrl(), server.apiKey(), Duration.ofSeconds(90));
	}

	@Test
	void readsTheCatalogueInTheLibrarysTypes() {
		List<Report> reports = client.reports();
		assertThat(reports).extracting(Report::id).contains(1L);
		Report demo = reports.stream().filter((report) -> report.id() == 1).findFirst().orElseThrow();
		assertThat(demo.pageCount()).isEqualTo(3);
		assertThat(demo.formats()).contains("png", "pdf");
		assertThat(client.pages(1)).extracting(Page::displayName).containsExactly("Overview", "Regions", "Details");
		List<Filter> filters = client.filters(1);
		Filter year = filters.stream().filter((filter) -> filter.column().equals("Year")).findFirst().orElseThrow();
		assertThat(year.type()).isEqualTo("integer");
		assertThat(year.allowedValues()).containsExactly("2022", "2023", "2024", "2025");
		assertThat(year.defaults()).containsExactly("2025");
		Filter region = filters.stream().filter((filter) -> filter.column().equals("Region")).findFirst().orElseThrow();
		assertThat(region.multiple()).isTrue();
		assertThat(region.defaults()).containsExactly("North", "South");
	}

	@Test
	void passesTheCatalogueJsonOnAsTheServerWroteIt() {
		assertThat(client.catalogueJson("reports", 0)).startsWith("{\"reports\":[").contains("\"report_id\":1");
		assertThat(client.catalogueJson("pages", 1)).contains("\"display_name\":\"Regions\"");
		assertThat(client.catalogueJson("filters", 1)).contains("\"allowed_values\":[2022,2023,2024,2025]");
		assertThatThrownBy(() -> client.catalogueJson("filters", 999)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.problem().status()).isEqualTo(404));
		assertThatThrownBy(() -> client.catalogueJson("export", 1)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void exportsAPngWithTypedValuesSentAsText() {
		ExportedFile file = client.export(ExportRequest.of(1, "png")
			.page(client.pages(1).get(1).name())
			.filter("Year", "2024")
			.filter("Region", "East")
			.filter("Region", "Côte d'Azur"));
		assertThat(file.contentType()).startsWith("image/png");
		assertThat(new String(file.bytes(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
		assertThat(file.fileName()).endsWith(".png").contains("2024");
	}

	@Test
	void exportsAPdfThroughAJobReportingProgress() {
		List<JobStatus> seen = new ArrayList<>();
		ExportedFile file = client.exportAsJob(ExportRequest.of(1, "pdf").filter("Year", "2023"), seen::add,
				() -> false);
		assertThat(new String(file.bytes(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		assertThat(seen).isNotEmpty();
		assertThat(seen.get(seen.size() - 1).status()).isEqualTo("done");
		assertThat(seen.get(seen.size() - 1).progress()).isEqualTo(1.0);
	}

	@Test
	void aCancelledWaitStopsWithoutAFile() {
		assertThatThrownBy(() -> client.exportAsJob(ExportRequest.of(1, "pdf").filter("Year", "2022"), (status) -> {
		}, () -> true)).isInstanceOf(CancellationException.class);
	}

	@Test
	void aRefusedValueComesBackInWordsNamingTheFieldAndTheAllowedValues() {
		assertThatThrownBy(() -> client.export(ExportRequest.of(1, "png").filter("Year", "1999")))
			.isInstanceOfSatisfying(ApiException.class, (ex) -> {
				assertThat(ex.problem().status()).isEqualTo(400);
				assertThat(ex.problem().slug()).isEqualTo("invalid-request");
				assertThat(ex.problem().errors()).singleElement().satisfies((error) -> {
					assertThat(error.field()).isEqualTo("filters.Year");
					assertThat(error.allowedValues()).contains("2024");
				});
				assertThat(ex.getMessage()).contains("1999").contains("allowed: 2022, 2023, 2024, 2025");
			});
	}

	@Test
	void unknownReportsMissingKeysAndServersThatAreDownAreTold() throws IOException {
		assertThatThrownBy(() -> client.pages(999)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.problem().slug()).isEqualTo("unknown-report"));
		PbiExportClient anonymous = new PbiExportClient(server.baseUrl(), null, Duration.ofSeconds(10));
		assertThatThrownBy(anonymous::reports).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.problem().slug()).isEqualTo("api-key-required"));
		PbiExportClient down = new PbiExportClient(URI.create("http://127.0.0.1:" + unusedPort()), "pbx_x",
				Duration.ofSeconds(5));
		assertThatThrownBy(down::reports).isInstanceOf(ServerUnreachable.class)
			.hasMessageContaining("could not be reached");
	}

	@Test
	void importsAFilterFileWithAnAdminKeyAndOnlyPreviewsOnADryRun(@TempDir Path folder) throws IOException {
		Path csv = folder.resolve("filters.csv");
		Files.writeString(csv, "filter_label,column_name,table_name,type,allowed_values,default,multiple\n"
				+ "Month,Month,Calendar,integer,1|2|3,1,no\n" + "Bad,Bad,Calendar,integer,1|x,1,no\n");
		PbiExportClient admin = new PbiExportClient(server.baseUrl(), server.createApiKey("import", true, List.of()),
				Duration.ofSeconds(30));
		ImportSummary refused = admin.importFilters(1, csv, "merge", true);
		assertThat(refused.applied()).isFalse();
		assertThat(refused.errors()).singleElement().satisfies((error) -> assertThat(error.row()).isEqualTo(3));
		Files.writeString(csv, "filter_label,column_name,table_name,type,allowed_values,default,multiple\n"
				+ "Month,Month,Calendar,integer,1|2|3,1,no\n");
		ImportSummary preview = admin.importFilters(1, csv, "merge", true);
		assertThat(preview.created()).isEqualTo(1);
		assertThat(preview.applied()).isFalse();
		assertThat(client.filters(1)).extracting(Filter::column).doesNotContain("Month");
		assertThatThrownBy(() -> client.importFilters(1, csv, "merge", true)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.problem().status()).isEqualTo(403));
	}

	static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
