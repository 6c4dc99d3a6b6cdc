import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scaled-out row of bench/run: misses of the real-shaped page through one web node
 * with one worker, then with two, side by side in one run with the single process
 * ({@code all}) on the same machine. Every node runs the packaged jar on its default
 * settings but for what a scaled-out node must be told (role, Redis, PostgreSQL, worker
 * id). All of them share this machine's cores, so a second worker adds render slots, not
 * CPU: the row shows what the hop through Redis costs and how the work divides, not what
 * more machines would give.
 * <p>
 * Arguments: the jar, the number of requests per run, the clients.
 */
public class ScaledOutBenchmark {

	static final String REAL_SHAPED = "delay_ms=1400&layers=4&draw_ms=150&signal=false";

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:bench".getBytes());

	static final List<Process> processes = new ArrayList<>();

	static final AtomicInteger widths = new AtomicInteger(900);

	public static void main(String[] args) throws Exception {
		String jar = args[0];
		int requests = Integer.parseInt(args[1]);
		int clients = Integer.parseInt(args[2]);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
		System.out.println("## Scaled out: one web node, one and two workers (bench/ScaledOutBenchmark.java)");
		System.out.println();
		System.out.println("Misses of the real-shaped page (`/demo/report?" + REAL_SHAPED + "`), " + requests
				+ " distinct exports at " + clients + " clients, every node on its default settings; "
				+ Runtime.getRuntime().availableProcessors() + " cores shared by all nodes and their browsers.");
		System.out.println();
		System.out.println("| topology | requests | p50 ms | p95 ms | throughput /s | ratio to one process |");
		System.out.println("|---|---|---|---|---|---|");

		Node all = Node.start(jar, "all", Map.of("pbi-export.data-dir", temp("all")));
		Measurements.Result single = run(all, all, requests, clients);
		row("one process (`all`, SQLite)", single, single);
		all.stop();

		Path redisDir = Files.createTempDirectory("bench-redis");
		int redisPort = freePort();
		Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
				"--dir", redisDir.toString(), "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(redisDir.resolve("redis.log").toFile())
			.start();
		processes.add(redis);
		awaitPort(redisPort);
		String database = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
			connection.createStatement().execute("CREATE DATABASE " + database);
		}
		Map<String, String> shared = new TreeMap<>(Map.of("spring.data.redis.url", "redis://127.0.0.1:" + redisPort,
				"spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/" + database, "spring.datasource.username",
				"postgres", "spring.datasource.password", "", "pbi-export.secret-key",
				Base64.getEncoder().encodeToString(new byte[32])));
		try {
			Node web = Node.start(jar, "web", with(shared, "pbi-export.role", "web", "pbi-export.data-dir", temp("web")));
			Node worker1 = Node.start(jar, "worker-1",
					with(shared, "pbi-export.role", "worker", "pbi-export.worker.id", "worker-1", "pbi-export.data-dir",
							temp("worker-1")));
			Measurements.Result one = run(web, worker1, requests, clients);
			row("web + 1 worker (PostgreSQL, Redis)", one, single);
			Node worker2 = Node.start(jar, "worker-2",
					with(shared, "pbi-export.role", "worker", "pbi-export.worker.id", "worker-2", "pbi-export.data-dir",
							temp("worker-2")));
			Measurements.Result two = run(web, worker2, requests, clients);
			row("web + 2 workers (PostgreSQL, Redis)", two, single);
			System.out.println();
			System.out.printf("Two workers / one worker: %.2f× throughput, p50 %.2f×.%n",
					two.throughput() / one.throughput(), two.p50() / one.p50());
		}
		finally {
			processes.forEach(Process::destroy);
			try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
					"")) {
				connection.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
			}
		}
	}

	/** Registers the real-shaped report, warms every node once, then measures misses. */
	static Measurements.Result run(Node web, Node sampled, int requests, int clients) throws Exception {
		long report = web.realShaped();
		for (int i = 0; i < 2; i++) {
			web.export(report, widths.getAndIncrement());
		}
		return Measurements.measure(clients, requests, sampled.process.pid(),
				(client, i) -> web.export(report, widths.getAndIncrement()));
	}

	static void row(String topology, Measurements.Result r, Measurements.Result single) {
		System.out.printf("| %s | %d | %.0f | %.0f | %.2f | %.2f |%n", topology, r.count(), r.p50(), r.p95(),
				r.throughput(), r.throughput() / single.throughput());
	}

	static Map<String, String> with(Map<String, String> base, String... more) {
		Map<String, String> all = new TreeMap<>(base);
		for (int i = 0; i < more.length; i += 2) {
			all.put(more[i], more[i + 1]);
		}
		return all;
	}

	static String temp(String name) throws IOException {
		return Files.createTempDirectory("bench-" + name).toString();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static void awaitPort(int port) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException("nothing listens on port " + port);
	}

	/** One node: the packaged jar in a JVM of its own. */
	static final class Node {

		final Process process;

		final String base;

		Long realShaped;

		Node(Process process, int port) {
			this.process = process;
			this.base = "http://127.0.0.1:" + port;
		}

		static Node start(String jar, String name, Map<String, String> properties) throws Exception {
			int port = freePort();
			List<String> command = new ArrayList<>(List.of("java", "-Xmx1g", "-jar", jar, "--server.port=" + port,
					"--pbi-export.admin.password=bench"));
			properties.forEach((key, value) -> command.add("--" + key + "=" + value));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Path.of("target", "bench-" + name + ".log").toFile());
			builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
			Node node = new Node(builder.start(), port);
			processes.add(node.process);
			for (int i = 0; i < 180; i++) {
				if (!node.process.isAlive()) {
					throw new IllegalStateException(name + " stopped while starting: see target/bench-" + name + ".log");
				}
				try {
					if (get(node.base + "/actuator/health/readiness", false).statusCode() == 200) {
						return node;
					}
				}
				catch (IOException ex) {
					// not up yet
				}
				Thread.sleep(500);
			}
			throw new IllegalStateException(name + " was not ready within 90 s");
		}

		/** The real-shaped copy of the demo report, registered once per cluster. */
		long realShaped() throws Exception {
			if (this.realShaped != null) {
				return this.realShaped;
			}
			Matcher id = Pattern.compile("\"report_id\":(\\d+)").matcher(get(this.base + "/api/reports", false).body());
			id.find();
			String document = get(this.base + "/api/admin/reports/" + id.group(1), true).body()
				.replaceFirst("\"title\":\"[^\"]*\"", "\"title\":\"Sales demo, real-shaped\"")
				.replaceFirst("\"embed_url\":\"[^\"]*\"", "\"embed_url\":\"/demo/report?" + REAL_SHAPED + "\"")
				.replaceFirst(",?\"version\":\\d+", "")
				// a busy machine's queue must not fail it, as in ExportBenchmark
				.replaceFirst("\"timeout_ms\":(null|\\d+)", "\"timeout_ms\":" + ExportBenchmark.TIMEOUT_MS);
			HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(this.base + "/api/admin/reports"))
				.header("Authorization", AUTH)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(document))
				.build(), HttpResponse.BodyHandlers.ofString());
			Matcher createdId = Pattern.compile("\"report_id\":(\\d+)").matcher(created.body());
			if (created.statusCode() != 201 || !createdId.find()) {
				throw new IllegalStateException("registering the real-shaped report: " + created.body());
			}
			this.realShaped = Long.parseLong(createdId.group(1));
			return this.realShaped;
		}

		void export(long report, int width) throws Exception {
			HttpResponse<Void> response = http.send(
					HttpRequest.newBuilder(URI.create(this.base + "/api/export?report_id=" + report + "&width=" + width))
						.timeout(Duration.ofSeconds(180))
						.build(),
					HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("export answered " + response.statusCode());
			}
		}

		void stop() throws InterruptedException {
			this.process.destroy();
			this.process.waitFor();
		}

	}

	static HttpResponse<String> get(String url, boolean admin) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
		if (admin) {
			request.header("Authorization", AUTH);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
