package org.pbiexport.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.impl.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Chromium shared by several render threads (docs/adr/0004): Playwright's own browser
 * server ({@code browserType.launchServer}) run by the Node.js that Playwright for Java
 * ships, holding one Chromium. Each render thread attaches its own Playwright connection
 * with {@code chromium().connect(endpoint())} and sees only the contexts it made;
 * Chromium runs once instead of once per thread.
 * <p>
 * The server reads its standard input: when this JVM goes away, however abruptly, the
 * pipe closes and the server closes its browser, so no Chromium outlives the app.
 */
final class BrowserServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BrowserServer.class);

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * Started by Playwright's Node.js: launches the browser server with the options on
	 * the command line, prints its endpoint, closes it when standard input ends.
	 */
	private static final String SERVER_SCRIPT = """
			const options = JSON.parse(process.argv[process.argv.length - 1]);
			require(process.env.PBI_EXPORT_PLAYWRIGHT_PACKAGE).chromium.launchServer(options).then((server) => {
			  const stop = () => server.close().finally(() => process.exit(0));
			  process.stdin.on('end', stop);
			  process.stdin.on('error', stop);
			  process.stdin.resume();
			  server.on('close', () => process.exit(0));
			  console.log('endpoint ' + server.wsEndpoint());
			}, (error) => {
			  console.log('failed ' + String(error && error.message || error).split('\\n')[0]);
			  process.exit(1);
			});
			""";

	private static final AtomicInteger numbers = new AtomicInteger();

	private final Process process;

	private final String endpoint;

	private final int number = numbers.incrementAndGet();

	private final AtomicInteger renders = new AtomicInteger();

	private final AtomicInteger attached = new AtomicInteger();

	private volatile boolean retired;

	private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

	private BrowserServer(Process process, String endpoint) {
		this.process = process;
		this.endpoint = endpoint;
	}

	/**
	 * Starts a server with one Chromium.
	 * @throws RenderFailed when Chromium cannot be started, saying why
	 */
	static BrowserServer start(RenderProperties properties) {
		boolean sandbox = Sandbox.enabled(properties) && !sandboxFailed;
		try {
			return start(properties, sandbox);
		}
		catch (RenderFailed ex) {
			if (!sandbox || properties.sandbox() != Sandbox.AUTO) {
				throw ex;
			}
			// A container's seccomp profile may forbid the namespaces the sandbox needs.
			log.warn("Chromium could not start with its sandbox ({}); starting it with --no-sandbox "
					+ "(docs/security.md)", ex.getMessage());
			sandboxFailed = true;
			return start(properties, false);
		}
	}

	/**
	 * Set once Chromium failed to start sandboxed here, so that it is not tried again.
	 */
	private static volatile boolean sandboxFailed;

	private static BrowserServer start(RenderProperties properties, boolean sandbox) {
		Map<String, String> env = Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
		Driver driver = Driver.ensureDriverInstalled(env, false);
		ProcessBuilder builder = driver.createProcessBuilder();
		String node = builder.command().get(0);
		builder.command(List.of(node, "-e", SERVER_SCRIPT, "--", options(properties, sandbox)));
		builder.environment().putAll(env);
		builder.environment().put("PBI_EXPORT_PLAYWRIGHT_PACKAGE", driver.driverDir().resolve("package").toString());
		builder.redirectErrorStream(true);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new RenderFailed("Chromium could not be started: " + ex.getMessage());
		}
		CompletableFuture<String> endpoint = new CompletableFuture<>();
		Thread reader = new Thread(() -> read(process, endpoint), "browser-server-output");
		reader.setDaemon(true);
		reader.start();
		try {
			String line = endpoint.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (!line.startsWith("endpoint ")) {
				throw new RenderFailed("Chromium could not be started: " + line.replaceFirst("^failed ", ""));
			}
			BrowserServer server = new BrowserServer(process, line.substring("endpoint ".length()).trim());
			log.info("Started shared Chromium #{} (process {}, sandbox {})", server.number, process.pid(),
					sandbox ? "on" : "off");
			return server;
		}
		catch (TimeoutException | ExecutionException | RuntimeException ex) {
			destroy(process);
			if (ex instanceof RenderFailed failed) {
				throw failed;
			}
			throw new RenderFailed("Chromium did not start within " + START_TIMEOUT.toSeconds() + " s.");
		}
		catch (InterruptedException ex) {
			destroy(process);
			Thread.currentThread().interrupt();
			throw new RenderFailed("Starting Chromium was interrupted.");
		}
	}

	/** Playwright's launch options as JSON, with the sandbox decided by the host. */
	static String options(RenderProperties properties, boolean sandbox) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("executablePath", properties.chromiumPath().toString());
		options.put("headless", true);
		options.put("host", "127.0.0.1");
		options.put("chromiumSandbox", sandbox);
		options.put("handleSIGINT", false);
		options.put("handleSIGTERM", false);
		options.put("handleSIGHUP", false);
		options.put("args", BrowserSession.CHROMIUM_ARGS);
		return JsonMapper.shared().writeValueAsString(options);
	}

	private static void read(Process process, CompletableFuture<String> endpoint) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (!endpoint.isDone() && (line.startsWith("endpoint ") || line.startsWith("failed "))) {
					endpoint.complete(line);
				}
				else {
					log.debug("Chromium server: {}", line);
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
		endpoint.complete("failed the browser server ended before it was ready");
	}

	/** Where render threads connect. */
	String endpoint() {
		return this.endpoint;
	}

	int number() {
		return this.number;
	}

	boolean alive() {
		return this.process.isAlive();
	}

	/** Counts a render; after {@code limit} renders the server should be replaced. */
	boolean countRender(int limit) {
		return this.renders.incrementAndGet() >= limit;
	}

	int renders() {
		return this.renders.get();
	}

	/** A render thread attached. */
	void attach() {
		this.attached.incrementAndGet();
	}

	/**
	 * A render thread let go; a retired server closes when the last one has.
	 */
	void detach() {
		if (this.attached.decrementAndGet() <= 0 && this.retired) {
			close();
		}
	}

	/** Ends the server at once: its browser died or stopped answering. */
	void kill() {
		this.retired = true;
		destroy(this.process);
	}

	/** No new thread attaches; closed once the attached ones are done. */
	void retire() {
		this.retired = true;
		if (this.attached.get() <= 0) {
			close();
		}
	}

	boolean retired() {
		return this.retired;
	}

	/** The server's process and everything it started, Chromium's processes included. */
	List<ProcessHandle> processes() {
		List<ProcessHandle> all = new ArrayList<>();
		all.add(this.process.toHandle());
		this.process.descendants().forEach(all::add);
		return all;
	}

	@Override
	public void close() {
		this.retired = true;
		if (this.closed.getAndSet(true)) {
			return;
		}
		try {
			// Ending standard input asks the server to close its browser.
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// already gone
		}
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				destroy(this.process);
			}
		}
		catch (InterruptedException ex) {
			destroy(this.process);
			Thread.currentThread().interrupt();
		}
		log.info("Closed shared Chromium #{} after {} renders", this.number, this.renders.get());
	}

	private static void destroy(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
	}

}
