package org.pbiexport.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;

/**
 * The application in a JVM of its own, as an operator starts a node: the test's class
 * path, the main class and {@code --name=value} arguments, on a free port, its output in
 * {@code target/nodes/<name>.log}. For tests of a scaled-out deployment (web and worker
 * nodes), of a killed process, of what runs inside a node.
 */
public final class AppNode implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private AppNode(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/** Starts a node; {@link #awaitReady} waits for it. */
	public static AppNode start(String name, Map<String, String> properties) {
		int port = PrivateRedis.freePort();
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
						"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classPath,
						"org.pbiexport.PbiExportApplication", "--server.port=" + port));
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		try {
			Path log = Path.of("target", "nodes", name + ".log");
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
			return new AppNode(name, port, builder.start(), log);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Waits until the node answers ready, failing with its log when it stops first. */
	public AppNode awaitReady(Duration within) {
		Instant until = Instant.now().plus(within);
		while (Instant.now().isBefore(until)) {
			if (!this.process.isAlive()) {
				Assertions.fail("Node " + this.name + " stopped while starting:\n" + logTail(60));
			}
			try {
				if (get("/actuator/health/readiness").statusCode() == 200) {
					return this;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			sleep(250);
		}
		return Assertions.fail("Node " + this.name + " was not ready within " + within + ":\n" + logTail(60));
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public String base() {
		return "http://127.0.0.1:" + this.port;
	}

	public ProcessHandle process() {
		return this.process.toHandle();
	}

	/** The command lines of every process this node started, and theirs. */
	public List<String> descendants() {
		return this.process.descendants()
			.map((child) -> child.info().commandLine().orElse(child.info().command().orElse("?")))
			.toList();
	}

	public HttpResponse<byte[]> get(String path) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(120)).GET().build());
	}

	public HttpResponse<byte[]> send(HttpRequest request) throws IOException {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/** The sum of a Prometheus metric's samples whose labels contain {@code labels}. */
	public double metric(String name, String labels) throws IOException {
		String text = new String(get("/actuator/prometheus").body());
		double sum = 0;
		Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
		while (sample.find()) {
			String tags = (sample.group(1) != null) ? sample.group(1) : "";
			if (tags.contains(labels)) {
				sum += Double.parseDouble(sample.group(2));
			}
		}
		return sum;
	}

	/** {@code kill -9}: no shutdown hook, no goodbye. */
	public void kill() {
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroyForcibly();
		waitFor(this.process, 10);
		// What the JVM started would die with it on stdin's end; do not wait for that.
		children.forEach(ProcessHandle::destroyForcibly);
	}

	public boolean alive() {
		return this.process.isAlive();
	}

	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "";
		}
	}

	@Override
	public void close() {
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		if (!waitFor(this.process, 20)) {
			this.process.destroyForcibly();
			waitFor(this.process, 5);
		}
		children.forEach(ProcessHandle::destroyForcibly);
	}

	private static boolean waitFor(Process process, int seconds) {
		try {
			return process.waitFor(seconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
