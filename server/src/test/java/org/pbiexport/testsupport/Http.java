package org.pbiexport.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for tests against the app on its random port: requests go through
 * the servlet container, filters and security exactly as a client's would.
 */
public final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final String authorization;

	private final java.util.Map<String, String> headers;

	public Http(int port) {
		this("http://localhost:" + port, null, java.util.Map.of());
	}

	/** The same client, sending HTTP Basic credentials. */
	public Http as(String user, String password) {
		return new Http(this.base,
				"Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)),
				this.headers);
	}

	/** The same client, sending one more header with every request. */
	public Http with(String name, String value) {
		java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new Http(this.base, this.authorization, headers);
	}

	private Http(String base, String authorization, java.util.Map<String, String> headers) {
		this.base = base;
		this.authorization = authorization;
		this.headers = java.util.Map.copyOf(headers);
	}

	public String base() {
		return this.base;
	}

	public Response get(String path) {
		return send(request(path).GET());
	}

	/** A GET whose body is kept as bytes: for files (PNG, PDF). */
	public HttpResponse<byte[]> download(String path) {
		try {
			return this.client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public Response delete(String path) {
		return send(request(path).DELETE());
	}

	public Response post(String path, String body) {
		return send(request(path).header("Content-Type", "application/json").POST(body(body)));
	}

	public Response put(String path, String body) {
		return send(request(path).header("Content-Type", "application/json").PUT(body(body)));
	}

	public Response send(String method, String path, String contentType, String body) {
		HttpRequest.Builder request = request(path).method(method, body(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	private static HttpRequest.BodyPublisher body(String body) {
		return (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody();
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60));
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		this.headers.forEach(request::header);
		return request;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response, response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static JsonNode parse(String text) {
		return json.readTree(text);
	}

	/** A response with its body as text and, when it is JSON, as a tree. */
	public record Response(int status, HttpResponse<String> raw, String body) {

		public JsonNode json() {
			return parse(this.body);
		}

		public Optional<String> header(String name) {
			return this.raw.headers().firstValue(name);
		}

		public String contentType() {
			return header("Content-Type").orElse("");
		}

	}

}
