import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.pbiexport.PbiExportApplication;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.testsupport.FakeReportEmbed;
import org.pbiexport.testsupport.PowerBiStandIn;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded-mode row of docs/benchmarks.md, run by bench/run: a 3-page PDF of a report
 * in render mode {@code embedded}, on the local Power BI stand-ins (Entra ID and REST API
 * on 127.0.0.1, the real powerbi-client SDK against a fake report frame that takes
 * {@code bench.renderMs} to draw each page), exported
 * (A) as pbi-export does it: the report loaded once, pages switched in place;
 * (B) reloading the report for every page, three page renders at once (what one render per
 * page costs, like the url mode's PDFs);
 * (C) reloading per page, one after another.
 * Every run asks for a new width, so every export misses the cache. Median of
 * {@code bench.runs} runs each, and how many times the report frame was loaded per PDF.
 */
public class EmbeddedBenchmark {

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final AtomicInteger widths = new AtomicInteger(1000);

	static String base;

	static String auth = "Basic " + Base64.getEncoder().encodeToString("admin:bench".getBytes());

	public static void main(String[] args) throws Exception {
		int runs = Integer.getInteger("bench.runs", 7);
		long renderMs = Long.getLong("bench.renderMs", 700);
		PowerBiStandIn powerbi = PowerBiStandIn.start();
		Credential principal = powerbi.servicePrincipal("bench-sp");
		PowerBiStandIn.Report report = addReport(powerbi, "0");
		FakeReportEmbed fake = new FakeReportEmbed();
		Path data = Files.createTempDirectory("pbi-bench-embedded");
		ConfigurableApplicationContext app = startApp(fake, data, powerbi);
		try {
			base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
			send("POST", "/api/admin/credentials", """
					{"name": "bench-sp", "kind": "service_principal", "tenant_id": "%s", "client_id": "%s",
					 "client_secret": "%s"}""".formatted(principal.tenantId(), principal.clientId(), principal.secret()));
			String created = send("POST", "/api/admin/reports", """
					{"title": "Bench embedded", "render_mode": "embedded",
					 "powerbi": {"workspace_id": "%s", "report_id": "%s", "credential": "bench-sp"},
					 "pages": [%s],
					 "filters": [{"label": "Region", "table": "Geo", "column": "Region", "type": "text",
					              "allowed_values": ["North", "South"], "default": "North"}]}""".formatted(
					report.workspaceId(), report.id(),
					String.join(",", FakeReportEmbed.PAGES.stream()
						.map((page) -> "{\"name\": \"" + page.name() + "\", \"display_name\": \""
								+ page.displayName() + "\"}")
						.toList())));
			long id = Long.parseLong(created.replaceAll("(?s).*\"report_id\":(\\d+).*", "$1"));
			fake.slow(renderMs);
			// Warm-up, not measured: browsers start, tokens are fetched and cached.
			pdf(id, null);
			pdf(id, FakeReportEmbed.PAGES.get(0).name());

			List<Double> switching = new ArrayList<>();
			List<Double> parallel = new ArrayList<>();
			List<Double> sequential = new ArrayList<>();
			int[] loads = new int[3];
			for (int i = 0; i < runs; i++) {
				fake.reset();
				fake.slow(renderMs);
				switching.add(time(() -> pdf(id, null)));
				loads[0] = fake.loads();
				fake.reset();
				fake.slow(renderMs);
				parallel.add(time(() -> {
					int width = widths.incrementAndGet();
					CompletableFuture.allOf(FakeReportEmbed.PAGES.stream()
						.map((page) -> CompletableFuture.runAsync(() -> pdfOfWidth(id, page.name(), width)))
						.toArray(CompletableFuture[]::new)).join();
				}));
				loads[1] = fake.loads();
				fake.reset();
				fake.slow(renderMs);
				sequential.add(time(() -> FakeReportEmbed.PAGES.forEach((page) -> pdf(id, page.name()))));
				loads[2] = fake.loads();
			}
			System.out.printf("Embedded mode, 3-page PDF, fake report drawing each page in %d ms, %d runs each:%n%n",
					renderMs, runs);
			System.out.println("| run | p50 ms | min ms | max ms | report loads per PDF |");
			System.out.println("|---|---|---|---|---|");
			row("(A) pbi-export embedded: one load, pages switched", switching, loads[0]);
			row("(B) one load per page, 3 at once", parallel, loads[1]);
			row("(C) one load per page, one after another", sequential, loads[2]);
			System.out.printf("%n- switching / reload per page at once = %.2f; switching / reload one after another = %.2f%n",
					median(switching) / median(parallel), median(switching) / median(sequential));
		}
		finally {
			app.close();
			powerbi.close();
			try (var files = Files.walk(data)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	/**
	 * The fake report's three pages as a report of the stand-in's REST API, its ids told
	 * apart by {@code tag} (one hex digit).
	 */
	static PowerBiStandIn.Report addReport(PowerBiStandIn powerbi, String tag) {
		return powerbi.addReport(new PowerBiStandIn.Report("6a1d4c7e-0000-4000-8000-00000000aa" + tag + "1",
				"6a1d4c7e-0000-4000-8000-00000000bb" + tag + "2", "Sales",
				"6a1d4c7e-0000-4000-8000-00000000cc" + tag + "3", FakeReportEmbed.PAGES.stream()
					.map((page) -> new PowerBiStandIn.Page(page.name(), page.displayName()))
					.toList(),
				false));
	}

	/**
	 * The app on its default settings (only the port, data directory, admin password,
	 * stand-in addresses and demo seed are set), {@code fake} serving the report frame.
	 */
	static ConfigurableApplicationContext startApp(FakeReportEmbed fake, Path data, PowerBiStandIn powerbi) {
		return new SpringApplicationBuilder(PbiExportApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("fakeReportEmbed", fake))
			.run("--server.port=0", "--pbi-export.data-dir=" + data, "--pbi-export.admin.password=bench",
					"--pbi-export.demo.seed=false", "--pbi-export.powerbi.authority-url=" + powerbi.baseUrl(),
					"--pbi-export.powerbi.api-url=" + powerbi.baseUrl(), "--logging.level.root=warn");
	}

	interface Work {

		void run() throws Exception;

	}

	static double time(Work work) throws Exception {
		long started = System.nanoTime();
		work.run();
		return (System.nanoTime() - started) / 1e6;
	}

	static void row(String name, List<Double> times, int loads) {
		List<Double> sorted = new ArrayList<>(times);
		Collections.sort(sorted);
		System.out.printf("| %s | %.1f | %.1f | %.1f | %d |%n", name, median(times), sorted.get(0),
				sorted.get(sorted.size() - 1), loads);
	}

	static double median(List<Double> times) {
		List<Double> sorted = new ArrayList<>(times);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	static void pdf(long id, String page) {
		pdfOfWidth(id, page, widths.incrementAndGet());
	}

	static void pdfOfWidth(long id, String page, int width) {
		String path = "/api/export?report_id=" + id + "&format=pdf&width=" + width
				+ ((page != null) ? "&page=" + page : "");
		try {
			HttpResponse<byte[]> response = http.send(
					HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
						+ new String(response.body()));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String send(String method, String path, String body) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", auth)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

}
