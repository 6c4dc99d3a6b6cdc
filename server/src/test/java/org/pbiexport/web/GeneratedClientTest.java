package org.pbiexport.web;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.DemoApp;
import org.pbiexport.testsupport.Http;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Java client generated from the running app's {@code /v3/api-docs} works: the document
 * passes openapi-generator's validation (swagger-parser), the client that its
 * {@code java}/{@code native} generator makes compiles, and that client lists the
 * reports, exports a PNG and registers, reads and deletes a report through the admin API,
 * getting the contract's field-named 400 for a bad document. The generator runs from its
 * CLI jar in a JVM of its own (its Jackson 2 and swagger-core would clash with
 * springdoc's on the test classpath); the generated sources are compiled here against the
 * test classpath and used through a small typed program, {@link #CHECK}.
 */
class GeneratedClientTest extends DemoApp {

	/** Copied there by the maven-dependency-plugin (server/pom.xml). */
	static final Path GENERATOR = Path.of("target", "openapi-generator", "openapi-generator-cli.jar");

	static final String PACKAGE = "org.pbiexport.generated";

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@TempDir
	Path dir;

	@Test
	@SuppressWarnings("unchecked")
	void aClientGeneratedFromTheApiDescriptionListsExportsAndManagesReports() throws Exception {
		Chromium.require();
		assertThat(GENERATOR).as("openapi-generator's CLI, copied by Maven in process-test-resources").exists();
		Path spec = this.dir.resolve("api-docs.json");
		Files.writeString(spec, new Http(this.port).get("/v3/api-docs").body());

		String validation = generator("validate", "-i", spec.toString());
		assertThat(validation).doesNotContain("Errors:", "[error]");

		Path generated = this.dir.resolve("client");
		generator("generate", "-i", spec.toString(), "-g", "java", "--library", "native", "-o", generated.toString(),
				"--api-package", PACKAGE + ".api", "--model-package", PACKAGE + ".model", "--invoker-package", PACKAGE,
				"--additional-properties",
				"openApiNullable=false,useJakartaEe=true,hideGenerationTimestamp=true,containerDefaultToNull=true,"
						+ "sourceFolder=src",
				"--global-property", "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false");
		Path sources = generated.resolve("src");
		Path check = sources.resolve(PACKAGE.replace('.', '/')).resolve("ClientCheck.java");
		Files.writeString(check, CHECK);
		Path classes = this.dir.resolve("classes");
		compile(sources, classes);

		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			BiFunction<String, String, Map<String, Object>> client = (BiFunction<String, String, Map<String, Object>>) loader
				.loadClass(PACKAGE + ".ClientCheck")
				.getDeclaredConstructor()
				.newInstance();
			String basic = "Basic "
					+ Base64.getEncoder().encodeToString("admin:test-admin-pw".getBytes(StandardCharsets.UTF_8));

			Map<String, Object> result = client.apply("http://localhost:" + this.port, basic);

			assertThat((List<String>) result.get("titles")).contains("Sales demo");
			byte[] png = (byte[]) result.get("png");
			assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
			assertThat(result.get("created_title")).isEqualTo("Made by a generated client");
			assertThat(result.get("read_pages")).isEqualTo(List.of("ReportSection1"));
			assertThat(this.catalog.find(new ReportId((Long) result.get("created")))).as("deleted again").isEmpty();
			assertThat(result.get("bad_status")).isEqualTo(400);
			assertThat((String) result.get("bad_body")).containsPattern("\"field\"\\s*:\\s*\"pages\"");
		}
	}

	/** Runs openapi-generator's CLI in a JVM of its own; its output, or a failure. */
	private static String generator(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
						GENERATOR.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/**
	 * Compiles every generated source against the test classpath, failing with javac's
	 * words.
	 */
	private static void compile(Path sources, Path classes) throws IOException {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertThat(javac).as("a JDK's compiler").isNotNull();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(sources)) {
			files = walk.filter((path) -> path.toString().endsWith(".java")).toList();
		}
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, null,
				StandardCharsets.UTF_8)) {
			Boolean compiled = javac
				.getTask(null, manager, diagnostics,
						List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
								"-proc:none", "-nowarn", "-encoding", "UTF-8"),
						null, manager.getJavaFileObjectsFromPaths(files))
				.call();
			assertThat(compiled).as("%s", diagnostics.getDiagnostics()).isTrue();
		}
	}

	/**
	 * What a user of the generated client writes: typed calls, no JSON by hand. It
	 * answers what it saw for the test to check.
	 */
	static final String CHECK = """
			package org.pbiexport.generated;

			import java.nio.file.Files;
			import java.util.LinkedHashMap;
			import java.util.Map;
			import java.util.function.BiFunction;

			import org.pbiexport.generated.api.AdminApi;
			import org.pbiexport.generated.api.CatalogueApi;
			import org.pbiexport.generated.api.ExportApi;
			import org.pbiexport.generated.model.ExportRequest;
			import org.pbiexport.generated.model.ReportDocument;
			import org.pbiexport.generated.model.ReportInput;
			import org.pbiexport.generated.model.ReportInputPage;
			import org.pbiexport.generated.model.ReportItem;
			import org.pbiexport.generated.model.ReportList;

			public class ClientCheck implements BiFunction<String, String, Map<String, Object>> {

				@Override
				public Map<String, Object> apply(String baseUri, String basicAuth) {
					Map<String, Object> seen = new LinkedHashMap<>();
					try {
						ApiClient anyone = new ApiClient();
						anyone.updateBaseUri(baseUri);
						ReportList reports = new CatalogueApi(anyone).listReports();
						seen.put("titles", reports.getReports().stream().map(ReportItem::getTitle).toList());
						long demo = reports.getReports().stream()
							.filter((report) -> "Sales demo".equals(report.getTitle()))
							.findFirst().orElseThrow().getReportId();
						ExportRequest request = new ExportRequest().reportId(demo)
							.format(ExportRequest.FormatEnum.PNG)
							.putFiltersItem("Year", 2024);
						seen.put("png", Files.readAllBytes(new ExportApi(anyone).exportPost(request).toPath()));

						ApiClient admin = new ApiClient();
						admin.updateBaseUri(baseUri);
						admin.setRequestInterceptor((builder) -> builder.header("Authorization", basicAuth));
						AdminApi reportsAdmin = new AdminApi(admin);
						ReportDocument created = reportsAdmin.adminCreateReport(new ReportInput()
							.title("Made by a generated client")
							.embedUrl("/demo/report")
							.addPagesItem(new ReportInputPage().name("ReportSection1").displayName("Overview")));
						seen.put("created", created.getReportId());
						seen.put("created_title", created.getTitle());
						ReportDocument read = reportsAdmin.adminGetReport(String.valueOf(created.getReportId()));
						seen.put("read_pages", read.getPages().stream().map((page) -> page.getName()).toList());
						reportsAdmin.adminDeleteReport(String.valueOf(created.getReportId()));
						try {
							reportsAdmin.adminCreateReport(new ReportInput().title("No pages"));
						}
						catch (ApiException ex) {
							seen.put("bad_status", ex.getCode());
							seen.put("bad_body", ex.getResponseBody());
						}
						return seen;
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex + " after " + seen.keySet(), ex);
					}
				}

			}
			""";

}
