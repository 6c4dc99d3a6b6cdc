package org.pbiexport.desktop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.pbiexport.client.testing.RunningServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an admin changes on the server while the app is open: a filter's allowed values,
 * through the admin API, so that a value the app still offers is refused.
 */
final class AdminReports {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RunningServer server;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	AdminReports(RunningServer server) {
		this.server = server;
	}

	ObjectNode report(long id) {
		return (ObjectNode) JSON.readTree(send(request(id).GET().build(), 200));
	}

	void replace(long id, ObjectNode document) {
		ObjectNode body = document.deepCopy();
		body.remove("version");
		send(request(id).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build(), 200);
	}

	/**
	 * A copy of a report document with other allowed values for one filter.
	 * @param document the report
	 * @param column the filter's column
	 * @param values its new allowed values
	 * @return the changed copy
	 */
	static ObjectNode withAllowedValues(ObjectNode document, String column, List<Long> values) {
		ObjectNode copy = document.deepCopy();
		for (JsonNode filter : copy.get("filters")) {
			if (filter.get("column").asString().equals(column)) {
				ArrayNode allowed = ((ObjectNode) filter).putArray("allowed_values");
				values.forEach(allowed::add);
			}
		}
		return copy;
	}

	private HttpRequest.Builder request(long id) {
		String basic = Base64.getEncoder()
			.encodeToString(("admin:" + this.server.adminPassword()).getBytes(StandardCharsets.UTF_8));
		return HttpRequest.newBuilder(URI.create(this.server.baseUrl() + "/api/admin/reports/" + id))
			.timeout(Duration.ofSeconds(20))
			.header("Authorization", "Basic " + basic);
	}

	private String send(HttpRequest request, int expected) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expected) {
				throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
						+ response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
