import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bursting row of bench/run: one export job that makes one file per value of a filter with
 * N values (20; bench.burstValues), beside the same N exports asked one after another, on a copy
 * of the demo report at the real-shaped address (slow query, late drawing, no signal) whose
 * Region filter is given N values. Both on the app's default settings, side by side in one run.
 *   java -cp server/target/bench-classes:$classpath BurstBenchmark http://127.0.0.1:18555 <admin password>
 */
public class BurstBenchmark {

	static final JsonMapper JSON = JsonMapper.builder().build();

	public static void main(String[] args) throws Exception {
		ExportBenchmark.base = args[0];
		ExportBenchmark.auth = "Basic " + java.util.Base64.getEncoder()
			.encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
		int n = Integer.getInteger("bench.burstValues", 20);
		List<String> values = new ArrayList<>(List.of("North", "South", "East", "West", "Côte d'Azur"));
		for (int i = values.size() + 1; values.size() < n; i++) {
			values.add(String.format("Region %02d", i));
		}
		values = values.subList(0, n);
		long report = register(ExportBenchmark.demoReport(), values);

		long started = System.nanoTime();
		String job = JSON.readTree(post("/api/exports", "{\"report_id\": " + report
				+ ", \"format\": \"png\", \"each\": \"Region\", \"filters\": {\"Year\": 2024}}")).get("job_id").asString();
		JsonNode status;
		do {
			Thread.sleep(200);
			status = JSON.readTree(ExportBenchmark.get("/api/exports/" + job, false).body());
		}
		while (status.get("status").asString().equals("running") || status.get("status").asString().equals("queued"));
		double burst = (System.nanoTime() - started) / 1e9;
		if (!status.get("status").asString().equals("done")) {
			throw new IllegalStateException("the burst job ended " + status);
		}

		started = System.nanoTime();
		for (String value : values) {
			HttpResponse<String> single = ExportBenchmark.get("/api/export?report_id=" + report
					+ "&filter.Year=2023&filter.Region=" + URLEncoder.encode(value, StandardCharsets.UTF_8), false);
			if (single.statusCode() != 200) {
				throw new IllegalStateException("a single export answered " + single.statusCode());
			}
		}
		double singles = (System.nanoTime() - started) / 1e9;

		System.out.println("## One file per value (bursting)");
		System.out.println();
		System.out.printf("%d values of Region on the real-shaped page, PNG of the first page, default settings.%n%n", n);
		System.out.println("| run | values | seconds | renders/s |");
		System.out.println("|---|---|---|---|");
		System.out.printf("| one export job with `each` (a zip of %d PNGs) | %d | %.1f | %.2f |%n", n, n, burst, n / burst);
		System.out.printf("| %d single exports, one after another | %d | %.1f | %.2f |%n", n, n, singles, n / singles);
		System.out.printf("%nThe job is %.1f× as fast: its values render side by side in the render pool.%n",
				singles / burst);
	}

	/** A copy of the demo report at the real-shaped address whose Region filter allows {@code values}. */
	static long register(long demo, List<String> values) throws Exception {
		ObjectNode document = (ObjectNode) JSON.readTree(ExportBenchmark.get("/api/admin/reports/" + demo, true).body());
		document.remove("report_id");
		document.remove("version");
		document.put("title", "Sales demo, bursting " + System.nanoTime());
		document.put("embed_url", "/demo/report?" + TopologyBenchmark.REAL_SHAPED);
		document.put("timeout_ms", ExportBenchmark.TIMEOUT_MS);
		for (JsonNode filter : document.get("filters")) {
			if (filter.get("column").asString().equals("Region")) {
				ArrayNode allowed = ((ObjectNode) filter).putArray("allowed_values");
				values.forEach(allowed::add);
			}
		}
		String body = post("/api/admin/reports", JSON.writeValueAsString(document));
		return JSON.readTree(body).get("report_id").asLong();
	}

	static String post(String path, String json) throws Exception {
		HttpResponse<String> response = ExportBenchmark.http.send(HttpRequest.newBuilder(URI.create(ExportBenchmark.base + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", ExportBenchmark.auth)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

}
