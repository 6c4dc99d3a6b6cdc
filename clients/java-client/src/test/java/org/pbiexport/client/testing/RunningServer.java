package org.pbiexport.client.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real pbi-export server for the clients' end-to-end tests: the server module's jar,
 * started once per test JVM on a free loopback port with API keys required, a data folder
 * of its own and the demo report, stopped when the JVM ends. Needs the jar
 * ({@code ./mvnw -B verify} builds the server first) and Debian's Chromium; without them
 * a test fails under {@code CI=true} and is skipped otherwise.
 */
public final class RunningServer {

	private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static @Nullable RunningServer shared;

	private final URI baseUrl;

	private final String adminPassword;

	private final String apiKey;

	private RunningServer(URI baseUrl, String adminPassword) {
		this.baseUrl = baseUrl;
		this.adminPassword = adminPassword;
		this.apiKey = createApiKey("tests of the clients", false, List.of());
	}

	/**
	 * The server of this JVM, started on first use.
	 * @return the running server
	 */
	public static synchronized RunningServer shared() {
		if (shared == null) {
			shared = start();
		}
		return shared;
	}

	/**
	 * @return the server's address, e.g. {@code http://127.0.0.1:41234}
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * @return a key for the public API, allowed every report
	 */
	public String apiKey() {
		return this.apiKey;
	}

	/**
	 * @return the password of the admin user {@code admin}
	 */
	public String adminPassword() {
		return this.adminPassword;
	}

	/**
	 * Makes another API key through the admin API.
	 * @param name what it is for
	 * @param admin whether it may use the admin API
	 * @param reports the reports it may use; empty for all
	 * @return its secret
	 */
	public String createApiKey(String name, boolean admin, List<Long> reports) {
		String body = "{\"name\":\"" + name + "\",\"admin_access\":" + admin + ",\"reports\":" + reports + "}";
		String basic = Base64.getEncoder()
			.encodeToString(("admin:" + this.adminPassword).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(this.baseUrl.resolve("/api/admin/api-keys"))
			.timeout(Duration.ofSeconds(20))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = send(request);
		Matcher key = KEY.matcher(response.body());
		if (response.statusCode() != 201 || !key.find()) {
			throw new IllegalStateException(
					"Could not make an API key: " + response.statusCode() + " " + response.body());
		}
		return key.group(1);
	}

	private static RunningServer start() {
		Path root = repositoryRoot();
		Path jar = serverJar(root);
		required(Files.isExecutable(Path.of("/usr/bin/chromium")),
				"Debian's chromium is not installed (apt-get install chromium)");
		try {
			Path data = Files.createTempDirectory("pbi-export-client-tests");
			Path log = Path.of("target", "running-server.log").toAbsolutePath();
			Files.createDirectories(log.getParent());
			int port = freePort();
			String password = "client-tests-" + UUID.randomUUID();
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
							jar.toString(), "--server.address=127.0.0.1", "--server.port=" + port,
							"--pbi-export.data-dir=" + data, "--pbi-export.admin.password=" + password,
							"--pbi-export.api.require-key=true"));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
			Process process = builder.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, data)));
			URI base = URI.create("http://127.0.0.1:" + port);
			awaitReady(base, process, log);
			return new RunningServer(base, password);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void awaitReady(URI base, Process process, Path log) {
		long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The server stopped while starting; its log: " + log);
			}
			try {
				HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(5))
					.build());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				// not listening yet
			}
			pause();
		}
		process.destroyForcibly();
		throw new IllegalStateException("The server was not ready within 150 s; its log: " + log);
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Path repositoryRoot() {
		Path folder = Path.of("").toAbsolutePath();
		while (folder != null && !Files.isRegularFile(folder.resolve("server/pom.xml"))) {
			folder = folder.getParent();
		}
		if (folder == null) {
			throw new IllegalStateException("Not inside the pbi-export repository: " + Path.of("").toAbsolutePath());
		}
		return folder;
	}

	private static Path serverJar(Path root) {
		try (Stream<Path> files = Files.list(root.resolve("server/target"))) {
			Path jar = files.filter((file) -> file.getFileName().toString().matches("pbi-export-.*\\.jar"))
				.max(Comparator.comparing(Path::toString))
				.orElse(null);
			required(jar != null, "the server's jar is not built: run ./mvnw -B -DskipTests package -pl server");
			return jar;
		}
		catch (IOException ex) {
			required(false, "the server's jar is not built (" + root.resolve("server/target")
					+ " is missing): run ./mvnw -B -DskipTests package -pl server");
			throw new UncheckedIOException(ex);
		}
	}

	/** Fails under CI=true, where every part must be there; skips the test otherwise. */
	public static void required(boolean present, String what) {
		if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true and " + what);
		}
		assumeTrue(present, what);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void stop(Process process, Path data) {
		process.destroy();
		try {
			if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(data)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder: the system cleans it up
		}
	}

	private static void pause() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
