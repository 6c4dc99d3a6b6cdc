package org.pbiexport.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.pbiexport.testsupport.AppNode;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.PrivateRedis;
import org.pbiexport.testsupport.RunsAlongside;
import org.pbiexport.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scaled-out deployment with plain processes, as docs/deploy.md describes it: two web
 * nodes and two worker nodes, each a JVM of its own, sharing a fresh PostgreSQL database
 * and a Redis server of this machine (its own, so that it can be restarted). Exports go
 * through the web nodes; workers render them with Debian's Chromium. The nodes start once
 * for all the tests, which run in order: the worker killed last. Four JVMs on two cores:
 * nothing runs beside it (beside another class its Redis calls timed out), and it comes
 * last, when the classes that run beside the others are done.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(RunsAlongside.SECOND_THREAD)
@Order(Integer.MAX_VALUE)
class ScaledOutTest {

	static final String REGIONS_PAGE = "ReportSection6f7a8b9c0d";

	static final String ADMIN_PASSWORD = "scaled-out-admin-pw";

	static PrivateRedis redis;

	static AppNode web1;

	static AppNode web2;

	static AppNode worker1;

	static AppNode worker2;

	static final List<AppNode> nodes = new ArrayList<>();

	static long slowReport;

	@BeforeAll
	static void cluster() throws Exception {
		Chromium.require();
		redis = PrivateRedis.start();
		Map<String, String> common = new HashMap<>(TestDatabase.POSTGRESQL.create());
		common.remove("pbi-export.data-dir");
		common.put("spring.data.redis.url", redis.url());
		common.put("pbi-export.admin.password", ADMIN_PASSWORD);
		byte[] key = new byte[32];
		new java.security.SecureRandom().nextBytes(key);
		common.put("pbi-export.secret-key", Base64.getEncoder().encodeToString(key));
		// Short, so a killed worker's exports are taken over within the test's time, but
		// not so short that a worker starved of CPU beside three other nodes misses its
		// confirmations and a live render is taken over (in CI with 3 s: 41 renders of
		// 40).
		common.put("pbi-export.queue.reclaim-after", "8s");
		common.put("pbi-export.export.timeout", "90s");
		common.put("pbi-export.render.max-concurrency", "4");
		common.put("pbi-export.render.chromium-path", Chromium.EXECUTABLE.toString());
		// The first node creates the schema and the demo report; the others start
		// together.
		web1 = node("web-1", "web", common).awaitReady(Duration.ofMinutes(3));
		web2 = node("web-2", "web", common);
		worker1 = node("worker-1", "worker", common);
		worker2 = node("worker-2", "worker", common);
		for (AppNode node : List.of(web2, worker1, worker2)) {
			node.awaitReady(Duration.ofMinutes(3));
		}
		slowReport = registerSlowReport();
	}

	private static AppNode node(String name, String role, Map<String, String> common) throws IOException {
		Map<String, String> properties = new HashMap<>(common);
		properties.put("pbi-export.role", role);
		properties.put("pbi-export.worker.id", name);
		properties.put("pbi-export.data-dir", Files.createTempDirectory("pbi-" + name).toString());
		AppNode node = AppNode.start(name, properties);
		nodes.add(node);
		return node;
	}

	@AfterAll
	static void stop() {
		// Each node's graceful shutdown takes seconds; they stop side by side.
		nodes.parallelStream().forEach(AppNode::close);
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	@Order(1)
	void aWorkerServesOnlyHealthAndMetricsAndAWebNodeStartsNoBrowser() throws IOException {
		for (String path : List.of("/api/reports", "/api/admin/reports", "/api/export?report_id=1", "/")) {
			assertThat(worker1.get(path).statusCode()).as(path).isEqualTo(404);
		}
		assertThat(worker1.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(worker1.get("/actuator/prometheus").statusCode()).isEqualTo(200);
		assertThat(web1.get("/api/reports").statusCode()).isEqualTo(200);
		assertNoBrowser(web1);
		assertNoBrowser(web2);
	}

	@Test
	@Order(2)
	void fortyDistinctExportsAreRenderedOnceEachBySeveralWorkers() throws Exception {
		double rendersBefore = renders();
		List<String[]> asked = new ArrayList<>();
		for (long year : List.of(2022L, 2023L, 2024L, 2025L)) {
			for (String region : DemoNumbers.REGIONS) {
				for (String format : List.of("png", "pdf")) {
					asked.add(new String[] { Long.toString(year), region, format });
				}
			}
		}
		ExecutorService clients = Executors.newFixedThreadPool(8);
		List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
		for (String[] export : asked) {
			answers.add(clients.submit(() -> web1.get(exportPath(1, REGIONS_PAGE, export[0], export[1], export[2]))));
		}
		Set<String> workers = ConcurrentHashMap.newKeySet();
		Set<String> pngs = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < asked.size(); i++) {
			String[] export = asked.get(i);
			HttpResponse<byte[]> answer = answers.get(i).get();
			assertThat(answer.statusCode()).as("%s: %s", String.join("/", export), new String(answer.body()))
				.isEqualTo(200);
			assertThat(answer.headers().firstValue("X-Cache")).hasValue("MISS");
			workers.add(answer.headers().firstValue("X-Rendered-By").orElseThrow());
			if (export[2].equals("pdf")) {
				assertThat(pdfText(answer.body())).contains("Regions", "Year: " + export[0], export[1],
						DemoNumbers.sales(Long.parseLong(export[0]), export[1]));
			}
			else {
				BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer.body()));
				assertThat(image.getWidth()).isEqualTo(1280);
				assertThat(image.getHeight()).isEqualTo(720);
				assertThat(inkedPixels(image)).as("a drawn page, not a blank one").isGreaterThan(20_000);
				pngs.add(sha256(answer.body()));
			}
		}
		clients.shutdown();
		assertThat(pngs).as("each filter choice drew its own picture").hasSize(20);
		assertThat(workers).containsExactlyInAnyOrder("worker-1", "worker-2");
		assertThat(renders() - rendersBefore).as("renders of all workers").isEqualTo(40);
		assertThat(worker1.descendants()).anyMatch((command) -> command.contains("chromium"));
	}

	@Test
	@Order(3)
	void tenIdenticalRequestsThroughTwoWebNodesCauseOneRender() throws Exception {
		double rendersBefore = renders();
		String path = exportPath(1, "e4b9c2a1d7f3086b5c1a", "2022", "West", "png") + "&width=1000";
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService clients = Executors.newFixedThreadPool(10);
		List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			AppNode web = (i % 2 == 0) ? web1 : web2;
			answers.add(clients.submit(() -> {
				start.await();
				return web.get(path);
			}));
		}
		start.countDown();
		Set<String> files = new java.util.HashSet<>();
		for (Future<HttpResponse<byte[]>> answer : answers) {
			assertThat(answer.get().statusCode()).isEqualTo(200);
			files.add(sha256(answer.get().body()));
		}
		clients.shutdown();
		assertThat(files).hasSize(1);
		assertThat(renders() - rendersBefore).isEqualTo(1);
	}

	@Test
	@Order(4)
	void whileRedisRestartsExportsAnswer503WithRetryAfterAndAcceptedJobsFinishAfterwards() throws Exception {
		List<String> jobs = new ArrayList<>();
		for (String region : List.of("North", "South", "East")) {
			HttpResponse<byte[]> accepted = web1.send(HttpRequest.newBuilder(URI.create(web1.base() + "/api/exports"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"report_id\": " + slowReport
						+ ", \"format\": \"png\", \"filters\": {\"Region\": \"" + region + "\", \"Year\": 2023}}"))
				.build());
			assertThat(accepted.statusCode()).as(new String(accepted.body())).isEqualTo(202);
			jobs.add(Http.json(accepted.body()).get("job_id").asString());
		}
		List<String> unexpected = new CopyOnWriteArrayList<>();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger served = new AtomicInteger();
		AtomicBoolean loading = new AtomicBoolean(true);
		AtomicInteger width = new AtomicInteger(400);
		ExecutorService load = Executors.newFixedThreadPool(4);
		for (int i = 0; i < 4; i++) {
			load.submit(() -> {
				while (loading.get()) {
					String path = exportPath(1, REGIONS_PAGE, "2024", "East", "png") + "&width="
							+ width.getAndIncrement();
					try {
						HttpResponse<byte[]> answer = (width.get() % 2 == 0 ? web1 : web2).get(path);
						if (answer.statusCode() == 200) {
							served.incrementAndGet();
						}
						else if (answer.statusCode() == 503 && answer.headers().firstValue("Retry-After").isPresent()) {
							refused.incrementAndGet();
						}
						else {
							unexpected.add(answer.statusCode() + " " + new String(answer.body()));
						}
					}
					catch (IOException ex) {
						unexpected.add(ex.toString());
					}
				}
				return null;
			});
		}
		Thread.sleep(2_000);
		redis.stop();
		Instant down = Instant.now();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(web1.get("/actuator/health/readiness").statusCode()).isEqualTo(503));
		Thread.sleep(Math.max(0, 4_000 - Duration.between(down, Instant.now()).toMillis()));
		redis.restart();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(web1.get("/actuator/health/readiness").statusCode()).isEqualTo(200));
		// The load goes on until several more exports were served with Redis back.
		int servedBeforeRestart = served.get();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> served.get() >= servedBeforeRestart + 4);
		loading.set(false);
		load.shutdown();
		assertThat(load.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();

		assertThat(unexpected).as("answers other than 200, or 503 with Retry-After").isEmpty();
		assertThat(refused.get()).as("refused while Redis was down").isPositive();
		assertThat(served.get()).isPositive();
		HttpResponse<byte[]> after = web2.get(exportPath(1, REGIONS_PAGE, "2022", "North", "png") + "&width=777");
		assertThat(after.statusCode()).as(new String(after.body())).isEqualTo(200);
		for (String job : jobs) {
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				HttpResponse<byte[]> status = web2.get("/api/exports/" + job);
				assertThat(Http.json(status.body()).get("status").asString()).as(new String(status.body()))
					.isEqualTo("done");
			});
			HttpResponse<byte[]> file = web1.get("/api/exports/" + job + "/file");
			assertThat(file.statusCode()).isEqualTo(200);
			assertThat(ImageIO.read(new ByteArrayInputStream(file.body())).getWidth()).isEqualTo(1280);
		}
	}

	@Test
	@Order(5)
	void theExportsOfAWorkerKilledMidRenderAreReclaimedByTheOtherAndEveryClientGetsItsFile() throws Exception {
		double reclaimedBefore = worker2.metric("pbi_export_reclaimed_total", "");
		ExecutorService clients = Executors.newFixedThreadPool(6);
		List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String path = exportPath(slowReport, REGIONS_PAGE, "2025", DemoNumbers.REGIONS.get(i % 5), "png")
					+ "&width=" + (900 + i);
			answers.add(clients.submit(() -> web1.get(path)));
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> worker1.metric("pbi_export_exports_in_flight", "") > 0);
		worker1.kill();
		for (Future<HttpResponse<byte[]>> answer : answers) {
			HttpResponse<byte[]> file = answer.get();
			assertThat(file.statusCode()).as(new String(file.body())).isEqualTo(200);
			assertThat(file.headers().firstValue("X-Rendered-By")).hasValue("worker-2");
			assertThat(ImageIO.read(new ByteArrayInputStream(file.body())).getWidth()).isBetween(900, 905);
		}
		clients.shutdown();
		assertThat(worker2.metric("pbi_export_reclaimed_total", "") - reclaimedBefore).isPositive();
		assertNoBrowser(web1);
		assertNoBrowser(web2);
	}

	private static void assertNoBrowser(AppNode web) {
		assertThat(web.descendants()).as("processes of " + web.name())
			.noneMatch((command) -> command.contains("chromium") || command.contains("playwright"));
	}

	/** Renders of every worker still running, by their metrics. */
	private static double renders() throws IOException {
		double sum = 0;
		for (AppNode worker : List.of(worker1, worker2)) {
			if (worker.alive()) {
				sum += worker.metric("pbi_export_renders_total", "worker=\"" + worker.name() + "\"");
			}
		}
		return sum;
	}

	private static String exportPath(long report, String page, String year, String region, String format) {
		return "/api/export?report_id=" + report + "&page=" + page + "&format=" + format + "&filter.Year=" + year
				+ "&filter.Region=" + URLEncoder.encode(region, StandardCharsets.UTF_8);
	}

	/**
	 * The demo report again, with a slow query: renders long enough to be caught at it.
	 */
	private static long registerSlowReport() throws IOException {
		String body = """
				{"title": "Slow demo", "description": "", "enabled": true, "render_mode": "url",
				 "embed_url": "/demo/report?delay_ms=4000",
				 "pages": [{"name": "ReportSection6f7a8b9c0d", "display_name": "Regions", "order": 1,
				            "width": 1280, "height": 720}],
				 "filters": [{"label": "Year", "table": "Calendar", "column": "Year", "type": "integer",
				              "allowed_values": [2023, 2024, 2025], "default": 2025},
				             {"label": "Region", "table": "Geography", "column": "Region", "type": "text",
				              "multiple": true, "allowed_values": ["North", "South", "East", "West", "Côte d'Azur"],
				              "default": ["North"]}]}""";
		HttpResponse<byte[]> created = web1.send(HttpRequest.newBuilder(URI.create(web1.base() + "/api/admin/reports"))
			.header("Content-Type", "application/json")
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
		assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
		return Http.json(created.body()).get("report_id").longValue();
	}

	private static String pdfText(byte[] pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document);
		}
	}

	private static int inkedPixels(BufferedImage image) {
		int inked = 0;
		for (int y = 0; y < image.getHeight(); y += 2) {
			for (int x = 0; x < image.getWidth(); x += 2) {
				if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
					inked++;
				}
			}
		}
		return inked;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	/** JSON bodies. */
	private static final class Http {

		static tools.jackson.databind.JsonNode json(byte[] body) {
			return org.pbiexport.testsupport.Http.parse(new String(body, StandardCharsets.UTF_8));
		}

	}

}
