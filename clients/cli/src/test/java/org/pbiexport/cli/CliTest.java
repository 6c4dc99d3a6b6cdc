package org.pbiexport.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbiexport.client.testing.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each command of the command line against a real server (the server module's jar) with
 * API keys required and the demo report: its output, for people and with {@code --json},
 * and its exit code by outcome.
 */
class CliTest {

	private static RunningServer server;

	@TempDir
	Path home;

	@TempDir
	Path folder;

	@BeforeAll
	static void start() {
		server = RunningServer.shared();
	}

	@Test
	void listsTheReportsAsATableAndAsTheApisJson() {
		Run table = run("reports");
		assertThat(table.exitCode()).as(table.toString()).isZero();
		assertThat(table.out().lines().findFirst().orElseThrow())
			.matches("ID\\s+TITLE\\s+PAGES\\s+FORMATS\\s+DESCRIPTION");
		assertThat(table.out()).containsPattern("(?m)^1\\s+\\S.*\\s+3\\s+png,pdf");
		assertThat(table.stderr()).isEmpty();
		Run json = run("reports", "--json");
		assertThat(json.exitCode()).as(json.toString()).isZero();
		assertThat(json.out()).startsWith("{\"reports\":[").contains("\"report_id\":1").contains("\"page_count\":3");
	}

	@Test
	void listsPagesAndFilters() {
		Run pages = run("pages", "1");
		assertThat(pages.exitCode()).as(pages.toString()).isZero();
		assertThat(pages.out()).containsPattern("(?m)^#\\s+NAME\\s+DISPLAY NAME\\s+SIZE$")
			.containsPattern("(?m)^1\\s+\\S+\\s+Overview\\s+\\d+x\\d+$")
			.containsPattern("(?m)^3\\s+\\S+\\s+Details\\s+\\d+x\\d+$");
		Run filters = run("filters", "1");
		assertThat(filters.exitCode()).as(filters.toString()).isZero();
		assertThat(filters.out())
			.containsPattern("(?m)^Year\\s+.*integer\\s+no\\s+no\\s+2025\\s+2022, 2023, 2024, 2025$")
			.containsPattern("(?m)^Region\\s+.*yes\\s+\\S+\\s+North,South\\s+");
		Run json = run("--json", "filters", "1");
		assertThat(json.out()).startsWith("{\"report_id\":1,\"filters\":[")
			.contains("\"allowed_values\":[2022,2023,2024,2025]");
	}

	@Test
	void exportsAPngWithFiltersAndTellsWhetherItCameFromTheCache() throws IOException {
		Path png = this.folder.resolve("regions.png");
		String[] args = { "export", "1", "--page", "Regions", "--filter", "Year=2024", "--filter", "Region=North",
				"--filter", "Region=East", "--format", "png", "-o", png.toString() };
		Run first = run(args);
		assertThat(first.exitCode()).as(first.toString()).isZero();
		byte[] bytes = Files.readAllBytes(png);
		assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
		assertThat(first.out()).contains("Saved " + png).contains(bytes.length + " bytes").contains("image/png");
		try (var files = Files.list(this.folder)) {
			assertThat(files).as("no temporary file left").containsExactly(png);
		}
		Run again = run(concat(args, "--json", "--force"));
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out().strip()).isEqualTo("{\"file\":\"" + png + "\",\"bytes\":" + bytes.length
				+ ",\"content_type\":\"image/png\",\"cache\":\"HIT\"}");
		Run stdout = run("export", "1", "--filter", "Year=2024", "-o", "-");
		assertThat(stdout.exitCode()).as(stdout.toString()).isZero();
		assertThat(new String(stdout.stdout(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
		assertThat(stdout.stderr()).contains("Saved -");
	}

	@Test
	void exportsAPdfThroughAJobWithProgressOnStderr() throws IOException {
		Path pdf = this.folder.resolve("all.pdf");
		Run run = run("export", "1", "--filter", "Year=2023", "--format", "pdf", "--job", "-o", pdf.toString());
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.stderr()).containsPattern("(?m)^Export job \\S+: queued")
			.containsPattern("(?m)^Export job \\S+: done, 100%");
		assertThat(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		assertThat(run.out()).contains("application/pdf");
	}

	@Test
	void aZipOfEveryPageTakesItsFormatFromTheFileNameAndGoesThroughAJob() throws IOException {
		Path zip = this.folder.resolve("pages.zip");
		Run run = run("export", "1", "--filter", "Year=2023", "-o", zip.toString());
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.stderr()).containsPattern("(?m)^Export job \\S+: done, 100%");
		List<String> names = new ArrayList<>();
		try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
				names.add(entry.getName());
			}
		}
		assertThat(names).containsExactly("1-Overview.png", "2-Regions.png", "3-Details.png");
	}

	@Test
	void aRefusedValueExitsWith3NamingTheFieldAndTheAllowedValues() {
		Path png = this.folder.resolve("refused.png");
		Run run = run("export", "1", "--filter", "Year=1999", "-o", png.toString());
		assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
		assertThat(run.stderr()).startsWith("Error: ")
			.contains("filters.Year")
			.contains("1999")
			.contains("allowed: 2022, 2023, 2024, 2025")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		assertThat(png).doesNotExist();
		Run json = run("--json", "export", "1", "--filter", "Year=1999", "-o", png.toString());
		assertThat(json.exitCode()).isEqualTo(3);
		assertThat(json.out()).isEmpty();
		assertThat(json.stderr()).startsWith("{\"type\":\"/problems/invalid-request\"")
			.contains("\"status\":400")
			.contains("\"field\":\"filters.Year\"")
			.contains("\"exit_code\":3");
	}

	@Test
	void anUnknownReportExitsWith4() {
		Run run = run("pages", "999");
		assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
		assertThat(run.stderr()).startsWith("Error: ").doesNotContain("Exception");
		assertThat(run("export", "999", "-o", this.folder.resolve("x.png").toString()).exitCode()).isEqualTo(4);
	}

	@Test
	void aMissingOrWrongKeyExitsWith5AndSaysWhereAKeyGoes() {
		Map<String, String> noKey = Map.of("PBI_EXPORT_SERVER", server.baseUrl().toString());
		Run missing = Run.of(noKey, this.home, "reports");
		assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(5);
		assertThat(missing.stderr()).contains("PBI_EXPORT_API_KEY").contains("--api-key-file");
		Map<String, String> wrongKey = Map.of("PBI_EXPORT_SERVER", server.baseUrl().toString(), "PBI_EXPORT_API_KEY",
				"pbx_not-a-key");
		Run wrong = Run.of(wrongKey, this.home, "filters", "1");
		assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(5);
		assertThat(wrong.out()).isEmpty();
	}

	@Test
	void aServerThatIsDownExitsWith6() throws IOException {
		Run run = run("reports", "--server", "http://127.0.0.1:" + unusedPort(), "--timeout", "10");
		assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
		assertThat(run.stderr()).contains("could not be reached").doesNotContain("Exception");
	}

	@Test
	void importsAFilterFileWithAnAdminKeyAndExitsWith8OnErrors() throws IOException {
		Map<String, String> admin = Map.of("PBI_EXPORT_SERVER", server.baseUrl().toString(), "PBI_EXPORT_API_KEY",
				server.createApiKey("cli", true, List.of()));
		Path csv = this.folder.resolve("filters.csv");
		String header = "filter_label,column_name,table_name,type,allowed_values,default,multiple\n";
		Files.writeString(csv,
				header + "Month,Month,Calendar,integer,1|2|3,1,no\n" + "Bad,Bad,Calendar,integer,1|x,1,no\n");
		Run refused = Run.of(admin, this.home, "import-filters", "1", csv.toString(), "--dry-run");
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(8);
		assertThat(refused.stderr()).contains("cannot be imported").containsPattern("(?m)^\\S+\\s+3\\s+");
		Files.writeString(csv, header + "Month,Month,Calendar,integer,1|2|3,1,no\n");
		Run good = Run.of(admin, this.home, "import-filters", "1", csv.toString(), "--dry-run", "--json");
		assertThat(good.exitCode()).as(good.toString()).isZero();
		assertThat(good.out()).contains("\"created\":1").contains("\"errors\":[]").contains("\"applied\":false");
		Run notAdmin = run("import-filters", "1", csv.toString(), "--dry-run");
		assertThat(notAdmin.exitCode()).as(notAdmin.toString()).isEqualTo(5);
	}

	@Test
	void refusesToOverwriteAFileUnlessForced() throws IOException {
		Path existing = this.folder.resolve("existing.png");
		Files.writeString(existing, "keep me");
		Run run = run("export", "1", "-o", existing.toString());
		assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
		assertThat(run.stderr()).contains("exists").contains("--force");
		assertThat(existing).hasContent("keep me");
	}

	@Test
	void readsTheKeyFromTheConfigFileAndWarnsWhenOthersCanReadIt() throws IOException {
		Path config = this.home.resolve(".config/pbi-export/cli.properties");
		Files.createDirectories(config.getParent());
		Files.writeString(config, "server=" + server.baseUrl() + "\napi-key=" + server.apiKey() + "\n");
		Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
		Run quiet = Run.of(Map.of(), this.home, "reports");
		assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
		assertThat(quiet.stderr()).isEmpty();
		Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
		Run warned = Run.of(Map.of(), this.home, "reports");
		assertThat(warned.exitCode()).isZero();
		assertThat(warned.stderr()).contains("can be read by other users").contains("chmod 600");
		Path keyFile = this.folder.resolve("key");
		Files.writeString(keyFile, server.apiKey() + "\n");
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
		Run fromFile = Run.of(Map.of(), this.folder, "--server", server.baseUrl().toString(), "--api-key-file",
				keyFile.toString(), "pages", "1");
		assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
		Run argument = Run.of(Map.of(), this.home, "reports", "--api-key", server.apiKey());
		assertThat(argument.exitCode()).as(argument.toString()).isEqualTo(2);
		assertThat(argument.stderr()).contains("not taken as an argument").contains("--api-key-file");
		assertThat(argument.out()).isEmpty();
	}

	@Test
	void listsTheExitCodesInItsHelpAndTreatsWrongUsageAs2() {
		Run help = Run.of(Map.of(), this.home, "--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).contains("Exit codes:").containsPattern("(?m)^\\s+6\\s+the server is down");
		Run usage = Run.of(Map.of(), this.home, "export");
		assertThat(usage.exitCode()).isEqualTo(2);
		assertThat(usage.stderr()).contains("REPORT_ID");
		Run filter = run("export", "1", "--filter", "Year2024", "-o", this.folder.resolve("f.png").toString());
		assertThat(filter.exitCode()).isEqualTo(2);
		assertThat(filter.stderr()).contains("COLUMN=VALUE");
	}

	private Run run(String... args) {
		Map<String, String> env = new HashMap<>();
		env.put("PBI_EXPORT_SERVER", server.baseUrl().toString());
		env.put("PBI_EXPORT_API_KEY", server.apiKey());
		return Run.of(env, this.home, args);
	}

	private static String[] concat(String[] args, String... more) {
		String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
		System.arraycopy(more, 0, all, args.length, more.length);
		return all;
	}

	static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
